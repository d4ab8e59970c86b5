using Sharpformers.Tokenization.Core;

namespace Sharpformers.Tokenization.Normalizers;

/// <summary>A normalization step of the pipeline (HF <c>Normalizer</c>): rewrites the text, keeping alignments.</summary>
internal interface INormalizer
{
    void Normalize(NormalizedString text);
}
