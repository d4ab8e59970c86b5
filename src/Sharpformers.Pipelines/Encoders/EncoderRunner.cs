using Sharpformers.Models;
using Sharpformers.Tokenization;

namespace Sharpformers.Pipelines;

/// <summary>
/// The tokenizer and encoder of one pipeline: encodes texts truncated to the longest input the model takes (so no input reaches
/// ONNX Runtime with more positions than the model has), pads batches and runs them. Thread-safe.
/// </summary>
internal sealed class EncoderRunner : IDisposable
{
    /// <summary>The limit used when neither the tokenizer nor the model states one (BERT's).</summary>
    private const int FallbackMaxLength = 512;

    private readonly bool ownsModel;

    public EncoderRunner(string modelId, PretrainedTokenizer tokenizer, EncoderModel model, bool ownsModel)
    {
        ModelId = modelId;
        Tokenizer = tokenizer;
        Model = model;
        this.ownsModel = ownsModel;
        var max = Math.Min(tokenizer.ModelMaxLength ?? int.MaxValue, model.MaxSequenceLength ?? int.MaxValue);
        MaxLength = max == int.MaxValue ? FallbackMaxLength : max;
        PadId = tokenizer.PadTokenId ?? model.Config.PadTokenId ?? 0;
    }

    public string ModelId { get; }

    public PretrainedTokenizer Tokenizer { get; }

    public EncoderModel Model { get; }

    /// <summary>The truncation length: the smaller of the tokenizer's <c>model_max_length</c> and the model's position limit.</summary>
    public int MaxLength { get; }

    public long PadId { get; }

    /// <summary>Clamps a caller's length limit to what the model accepts.</summary>
    public int Limit(int? maxLength) => maxLength is int m ? Math.Clamp(m, 1, Model.MaxSequenceLength ?? int.MaxValue) : MaxLength;

    /// <summary>Encodes texts (and optional pairs) with special tokens, truncated (longest first) to <paramref name="maxLength"/>.</summary>
    public IReadOnlyList<Encoding> Encode(IReadOnlyList<string> texts, IReadOnlyList<string>? pairs = null, int? maxLength = null) =>
        Tokenizer.EncodeBatch(texts, new EncodeBatchOptions { Truncation = true, MaxLength = Limit(maxLength), Pairs = pairs });

    /// <summary>Runs rows <paramref name="start"/>..<paramref name="start"/>+<paramref name="count"/> (through <paramref name="order"/> when given) as one padded batch.</summary>
    public EncoderOutput Run(IReadOnlyList<Encoding> encodings, int start, int count, CancellationToken cancellationToken, int[]? order = null)
    {
        using var batch = PaddedBatch.FromEncodings(encodings, start, count, PadId, order);
        return Model.Run(batch.InputIds, batch.AttentionMask, batch.TokenTypeIds, batch.Rows, cancellationToken);
    }

    public void Dispose()
    {
        if (ownsModel)
        {
            Model.Dispose();
        }
    }
}
