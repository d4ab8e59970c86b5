namespace Sharpformers.Generation.Decoding;

/// <summary>The model as the search loops see it: a vocabulary and sessions that own a KV cache.</summary>
internal interface IDecoderModel
{
    int VocabSize { get; }

    IDecoderSession StartSession(int batchSize);
}

/// <summary>One generation's KV cache and forward step.</summary>
internal interface IDecoderSession : IDisposable
{
    /// <summary>Runs the new tokens; returns the last position's logits [rows*vocab], valid until the next call.</summary>
    ReadOnlySpan<float> Forward(ReadOnlySpan<long> inputIds, ReadOnlySpan<long> attentionMask, ReadOnlySpan<long> positionIds, CancellationToken cancellationToken);

    /// <summary>New row i takes the cache of old row <paramref name="sourceRows"/>[i].</summary>
    void Reorder(ReadOnlySpan<int> sourceRows);
}
