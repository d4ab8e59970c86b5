using Sharpformers.Models;

namespace Sharpformers.Generation.Decoding;

/// <summary>Adapts <see cref="CausalLanguageModel"/> and its <see cref="KvCache"/> to the search loops.</summary>
internal sealed class CausalLanguageModelDecoder(CausalLanguageModel model) : IDecoderModel
{
    public int VocabSize => model.VocabSize;

    public IDecoderSession StartSession(int batchSize) => new Session(model, model.CreateCache(batchSize));

    private sealed class Session(CausalLanguageModel model, KvCache cache) : IDecoderSession
    {
        public ReadOnlySpan<float> Forward(ReadOnlySpan<long> inputIds, ReadOnlySpan<long> attentionMask, ReadOnlySpan<long> positionIds, CancellationToken cancellationToken) =>
            model.Forward(cache, inputIds, attentionMask, positionIds, cancellationToken);

        public void Reorder(ReadOnlySpan<int> sourceRows) => cache.Reorder(sourceRows);

        public void Dispose() => cache.Dispose();
    }
}
