// Semantic search: embed a small bundled set of Vietnamese and English documents, answer queries by cosine similarity,
// then rerank the top hits with a cross-encoder.
//   dotnet run --project samples/SemanticSearch                                   (downloads the default models from the Hub)
//   dotnet run --project samples/SemanticSearch -- --model <folder> [--reranker <folder>]  (local model folders)
//   options: --query TEXT (repeatable; default: two sample queries)  --top N  --dtype fp32|fp16|q8|...  --no-rerank
using System.Numerics.Tensors;
using Sharpformers.Pipelines;

var model = Option("--model") ?? "sentence-transformers/paraphrase-multilingual-MiniLM-L12-v2";
var rerankerModel = Option("--reranker") ?? "cross-encoder/ms-marco-MiniLM-L6-v2";
var top = int.Parse(Option("--top") ?? "3", System.Globalization.CultureInfo.InvariantCulture);
var queries = Options("--query") is { Count: > 0 } given ? given : ["Món ăn nổi tiếng của Việt Nam là gì?", "How do I run a model on a GPU?"];
var options = new PipelineOptions { Model = { Dtype = Option("--dtype") } };
Console.OutputEncoding = System.Text.Encoding.UTF8;

var documents = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "documents.txt")).Where(l => l.Length > 0).ToArray();
using var embeddings = Pipeline.CreateSentenceEmbeddings(model, options);
var index = (await embeddings.EmbedAsync(documents, new EmbeddingOptions { Normalize = true })).Embeddings;
using var reranker = args.Contains("--no-rerank") ? null : Pipeline.CreateReranking(rerankerModel, options);

foreach (var query in queries)
{
    Console.WriteLine($"> {query}");
    var vector = await embeddings.EmbedAsync(query, new EmbeddingOptions { Normalize = true });
    var hits = Enumerable.Range(0, documents.Length)
        .Select(i => (Index: i, Score: TensorPrimitives.CosineSimilarity(vector, index[i])))
        .OrderByDescending(h => h.Score)
        .Take(top)
        .ToArray();
    foreach (var (i, score) in hits)
    {
        Console.WriteLine($"  cosine {score:F3}  {documents[i]}");
    }

    if (reranker is not null)
    {
        var reranked = await reranker.RerankAsync(query, hits.Select(h => documents[h.Index]).ToArray());
        Console.WriteLine("  reranked:");
        foreach (var result in reranked)
        {
            Console.WriteLine($"  score {result.Score:F3}  {result.Document}");
        }
    }
}

string? Option(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

List<string> Options(string name) => [.. args.Select((a, i) => (a, i)).Where(p => p.a == name && p.i + 1 < args.Length).Select(p => args[p.i + 1])];
