using System.Runtime.CompilerServices;

namespace Sharpformers.Tokenization.Models;

/// <summary>Builds the id → token table of a token → id vocabulary.</summary>
internal static class VocabularyMap
{
    /// <summary>Fully optimised from the first call: it runs once per load, over the whole vocabulary.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static string[] Reverse(Dictionary<string, int> vocab)
    {
        var maxId = -1;
        foreach (var id in vocab.Values)
        {
            maxId = Math.Max(maxId, id);
        }

        var reversed = new string[maxId + 1];
        foreach (var (token, id) in vocab)
        {
            reversed[id] = token;
        }

        return reversed;
    }
}
