using Sharpformers.Tokenization.Core;

namespace Sharpformers.Tokenization.Normalizers;

/// <summary>Prepends a string to non-empty text (HF <c>Prepend</c>).</summary>
internal sealed class PrependNormalizer(string prepend) : INormalizer
{
    public void Normalize(NormalizedString text) => text.Prepend(prepend);
}
