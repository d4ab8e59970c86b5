using System.Text;
using Sharpformers.Tokenization.Core;

namespace Sharpformers.Tokenization.Normalizers;

/// <summary>NFC, NFD, NFKC or NFKD.</summary>
internal sealed class UnicodeNormalizer(NormalizationForm form) : INormalizer
{
    public NormalizationForm Form { get; } = form;

    public void Normalize(NormalizedString text) => text.UnicodeNormalize(Form);
}
