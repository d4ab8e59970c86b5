using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Sharpformers.Testing.Folder;
using Sharpformers.Testing.Layouts;
using Sharpformers.Testing.Models;
using Sharpformers.Testing.Tokenizer;

namespace Sharpformers.Testing;

/// <summary>
/// A decoder with seeded random weights and its byte-level BPE tokenizer, ready to be written as a complete model
/// folder: <c>config.json</c>, <c>generation_config.json</c>, <c>genai_config.json</c>, <c>tokenizer.json</c>,
/// <c>tokenizer_config.json</c> and the ONNX decoder file(s) of the chosen <see cref="ExportLayout"/>.
/// </summary>
public sealed class TestModel
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private TestModel(DecoderWeights weights, BpeVocabulary vocabulary)
    {
        Weights = weights;
        Vocabulary = vocabulary;
    }

    /// <summary>The options the model was built from.</summary>
    public TestModelOptions Options => Weights.Options;

    /// <summary>Number of learned parameters (the tied GPT-2 head counted once, rotary tables not counted).</summary>
    public long ParameterCount => Weights.ParameterCount;

    /// <summary>The weights, kept in memory for reference computations.</summary>
    internal DecoderWeights Weights { get; }

    /// <summary>The tokenizer vocabulary.</summary>
    internal BpeVocabulary Vocabulary { get; }

    /// <summary>Draws the weights and trains the tokenizer; the same options always give the same model.</summary>
    /// <param name="options">The model shape.</param>
    /// <returns>The model.</returns>
    /// <exception cref="ArgumentException">A size cannot make a valid model (the message names it).</exception>
    public static TestModel Create(TestModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var weights = WeightSampler.Sample(options);
        var vocabulary = BpeTrainer.Train(ModelVocabulary.SpecialTokens(options.Family), TrainingCorpus.Text, options.VocabSize);
        return new TestModel(weights, vocabulary);
    }

    /// <summary>Writes the model folder (created if missing; files of the same names are replaced).</summary>
    /// <param name="directory">The folder.</param>
    /// <param name="cancellationToken">Stops between files; no file is left half-written.</param>
    /// <returns>The full paths of the files written.</returns>
    public IReadOnlyList<string> WriteTo(string directory, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory.CreateDirectory(directory);
        var written = new List<string>();
        void Json(string name, JsonNode node) => Write(name, stream => JsonSerializer.Serialize(stream, node, Indented));
        void Write(string name, Action<Stream> write)
        {
            var path = Path.Combine(directory, name);
            AtomicFile.Write(path, write, cancellationToken);
            written.Add(path);
        }

        Json("config.json", ConfigJson.Create(Options));
        Json("generation_config.json", GenerationConfigJson.Create(Options));
        Json("genai_config.json", GenaiConfigJson.Create(Options));
        Json("tokenizer.json", TokenizerJson.Create(Vocabulary));
        Json("tokenizer_config.json", TokenizerConfigJson.Create(Options));
        foreach (var file in LayoutFiles.Build(Weights))
        {
            Write(file.FileName, stream => file.Model.WriteTo(stream));
        }

        return written;
    }
}
