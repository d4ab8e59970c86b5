using Sharpformers.Tokenization.Core;

namespace Sharpformers.Tokenization.PreTokenizers;

/// <summary>A pre-tokenization step (HF <c>PreTokenizer</c>): splits the text into words, possibly rewriting them.</summary>
internal interface IPreTokenizer
{
    void PreTokenize(PreTokenizedString text);
}
