using Sharpformers.Models;

namespace Sharpformers.Pipelines.Tests.Encoders;

/// <summary>
/// Where <see cref="SentenceEmbeddingPipeline.SubBatchRows"/> cuts a length-sorted batch of real MiniLM token counts: never
/// with an unreachable threshold, at the first length change with a threshold of one padding position, and never past the
/// first row whose padding saving reaches the threshold.
/// </summary>
public sealed class EmbeddingSubBatchTests
{
    [Fact]
    public async Task Sub_batches_are_cut_where_the_padding_saved_reaches_the_threshold()
    {
        var ct = TestContext.Current.CancellationToken;
        using var runner = await EncoderRunnerFactory.CreateAsync(EncoderFixtures.MiniLm, EncoderHead.None, new PipelineOptions(), ct);
        var texts = MiniLmEmbeddingTests.VariedTexts;
        using var tokens = TokenizedTexts.Create(runner, texts, null, 256);
        var order = Enumerable.Range(0, texts.Length).OrderByDescending(tokens.Length).ToArray();
        var lengths = order.Select(tokens.Length).ToArray();
        Assert.True(lengths[0] > lengths[^1], "the texts must have different lengths");

        Assert.Equal(texts.Length, SentenceEmbeddingPipeline.SubBatchRows(tokens, order, 0, texts.Length, int.MaxValue));
        var firstChange = Array.FindIndex(lengths, l => l != lengths[0]);
        Assert.Equal(firstChange, SentenceEmbeddingPipeline.SubBatchRows(tokens, order, 0, texts.Length, 1));

        // A middle threshold: the rows kept together each save less than it; the first row left out saves at least it.
        var threshold = (lengths[0] - lengths[^1]) * texts.Length / 4;
        var rows = SentenceEmbeddingPipeline.SubBatchRows(tokens, order, 0, texts.Length, threshold);
        for (var r = 1; r < rows; r++)
        {
            Assert.True((long)(lengths[0] - lengths[r]) * (texts.Length - r) < threshold, $"row {r} would have saved enough to cut");
        }

        if (rows < texts.Length)
        {
            Assert.True((long)(lengths[0] - lengths[rows]) * (texts.Length - rows) >= threshold);
        }
    }
}
