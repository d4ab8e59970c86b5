using Sharpformers.Tokenization.Core;
using Sharpformers.Tokenization.PreTokenizers;

namespace Sharpformers.Tokenization.Normalizers;

/// <summary>Maps every UTF-8 byte to GPT-2's printable char (HF <c>ByteLevel</c> normalizer).</summary>
internal sealed class ByteLevelNormalizer : INormalizer
{
    public void Normalize(NormalizedString text) => ByteLevelPreTokenizer.ToByteChars(text);
}
