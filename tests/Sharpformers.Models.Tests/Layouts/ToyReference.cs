namespace Sharpformers.Models.Tests.Layouts;

/// <summary>The toy decoder's maths, written out: tracks what each row's cache holds and computes the expected logits.</summary>
internal sealed class ToyReference(ToyOptions options, int rows)
{
    private List<(long Id, long Position)>[] history = [.. Enumerable.Range(0, rows).Select(_ => new List<(long, long)>())];

    public float[] Step(long[] ids, long[] mask, long[] positions, bool lastOnly)
    {
        var batch = history.Length;
        var n = ids.Length / batch;
        var hadPast = history[0].Count > 0;
        var total = history[0].Count + n;
        var result = new List<float>();
        for (var b = 0; b < batch; b++)
        {
            for (var j = 0; j < n; j++)
            {
                history[b].Add((ids[(b * n) + j], positions[(b * n) + j]));
            }

            double sumIds = history[b].Sum(t => t.Id);
            double sumValues = history[b].Sum(t => options.Positions ? t.Position : 2 * t.Id);
            double maskSum = mask.Skip(b * total).Take(total).Sum();
            for (var j = lastOnly ? n - 1 : 0; j < n; j++)
            {
                for (var v = 0; v < ToyDecoder.Vocab; v++)
                {
                    var value = sumIds + (0.25 * sumValues) + (1000 * maskSum) + (ids[(b * n) + j] * v);
                    value += options.Positions ? 0.5 * positions[(b * n) + j] : 0;
                    value += options.Export == ToyExport.Merged && hadPast ? 10000 : 0;
                    result.Add((float)value);
                }
            }
        }

        return [.. result];
    }

    public void Reorder(int[] sourceRows) => history = [.. sourceRows.Select(r => new List<(long, long)>(history[r]))];

    public void Trim(int length)
    {
        foreach (var row in history)
        {
            row.RemoveRange(length, row.Count - length);
        }
    }
}
