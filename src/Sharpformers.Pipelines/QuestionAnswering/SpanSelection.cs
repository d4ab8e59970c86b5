namespace Sharpformers.Pipelines;

/// <summary>
/// transformers' <c>select_starts_ends</c> + <c>decode_spans</c> for one window: logits of unwanted positions set to -10000,
/// softmax of starts and of ends, the [CLS] product kept as the null score, then the best (start, end) pairs with
/// start ≤ end &lt; start + max_answer_len whose ends are both wanted.
/// </summary>
internal static class SpanSelection
{
    public static (List<(int Start, int End, float Score)> Spans, float NullScore) Select(
        ReadOnlySpan<float> startLogits, ReadOnlySpan<float> endLogits, bool[] wanted, int topK, int maxAnswerLength)
    {
        var n = wanted.Length;
        var start = new float[n];
        var end = new float[n];
        for (var i = 0; i < n; i++)
        {
            start[i] = wanted[i] ? startLogits[i] : -10000f;
            end[i] = wanted[i] ? endLogits[i] : -10000f;
        }

        ScoreFunctions.Softmax(start, start);
        ScoreFunctions.Softmax(end, end);
        var nullScore = start[0] * end[0];
        start[0] = 0f;
        end[0] = 0f;

        var candidates = new List<(int Start, int End, float Score)>();
        for (var i = 0; i < n; i++)
        {
            for (var j = i; j < Math.Min(n, i + maxAnswerLength); j++)
            {
                candidates.Add((i, j, start[i] * end[j]));
            }
        }

        // Row-major order is kept among equal scores (numpy's argmax takes the first).
        var best = candidates.Select((c, order) => (c, order)).OrderByDescending(x => x.c.Score).ThenBy(x => x.order).Take(topK).Select(x => x.c);
        return ([.. best.Where(c => wanted[c.Start] && wanted[c.End])], nullScore);
    }
}
