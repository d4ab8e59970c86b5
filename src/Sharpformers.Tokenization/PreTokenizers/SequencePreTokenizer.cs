using Sharpformers.Tokenization.Core;

namespace Sharpformers.Tokenization.PreTokenizers;

/// <summary>Applies pre-tokenizers in order (HF <c>Sequence</c>).</summary>
internal sealed class SequencePreTokenizer(IReadOnlyList<IPreTokenizer> preTokenizers) : IPreTokenizer
{
    /// <summary>The pre-tokenizers, in the order they run.</summary>
    public IReadOnlyList<IPreTokenizer> Steps => preTokenizers;

    public void PreTokenize(PreTokenizedString text)
    {
        foreach (var p in preTokenizers)
        {
            p.PreTokenize(text);
        }
    }
}
