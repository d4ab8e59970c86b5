using Sharpformers.Tokenization.Core;

namespace Sharpformers.Tokenization.Normalizers;

/// <summary>Applies normalizers in order (HF <c>Sequence</c>).</summary>
internal sealed class SequenceNormalizer(IReadOnlyList<INormalizer> normalizers) : INormalizer
{
    public void Normalize(NormalizedString text)
    {
        foreach (var n in normalizers)
        {
            n.Normalize(text);
        }
    }
}
