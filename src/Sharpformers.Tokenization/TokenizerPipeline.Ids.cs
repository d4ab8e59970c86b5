using System.Runtime.InteropServices;
using Sharpformers.Tokenization.Core;
using Sharpformers.Tokenization.Models;
using Sharpformers.Tokenization.PostProcessors;
using Sharpformers.Tokenization.PreTokenizers;

namespace Sharpformers.Tokenization;

/// <summary>The ids-only encode: the same steps as <see cref="TokenizerPipeline.Encode"/>, without token strings, offsets or an <see cref="Encoding"/>.</summary>
internal sealed partial class TokenizerPipeline
{
    /// <summary>Per-thread scratch list the ids are gathered in before the exact-size result is copied out.</summary>
    [ThreadStatic]
    private static List<int>? scratchIds;

    private SpecialTokenFrame? frame;
    private bool frameBuilt;

    private SingleSequenceFrame? singleFrame;
    private bool singleFrameBuilt;

    /// <summary>
    /// The ids of <paramref name="text"/> as <c>Encode(text, null, addSpecialTokens, null, null).Ids</c> gives them, or
    /// <see langword="null"/> when special tokens are asked for and the post-processor does more than frame the sequence.
    /// </summary>
    public int[]? TryEncodeIds(string text, bool addSpecialTokens)
    {
        SpecialTokenFrame? around = null;
        if (addSpecialTokens && PostProcessor is not null && (around = Frame()) is null)
        {
            return null;
        }

        var ids = scratchIds ??= new List<int>(256);
        ids.Clear();
        AppendSequenceIds(text, ids);
        var prefix = around?.Prefix ?? [];
        var suffix = around?.Suffix ?? [];
        var result = new int[prefix.Length + ids.Count + suffix.Length];
        prefix.CopyTo(result, 0);
        ids.CopyTo(result, prefix.Length);
        suffix.CopyTo(result, prefix.Length + ids.Count);
        if (ids.Capacity > 1 << 16)
        {
            scratchIds = null; // do not keep a huge text's buffer alive on the thread
        }

        return result;
    }

    /// <summary>Appends the ids of one sequence without special tokens (the ids of <see cref="EncodeSequence(string, int)"/>).</summary>
    private void AppendSequenceIds(string text, List<int> ids)
    {
        var sink = new IdSink(ids);
        if (WalkWordSpans(text, ref sink))
        {
            return;
        }

        var pre = PreTokenize(text);
        var tokens = tokenScratch ?? new List<Token>(64);
        tokenScratch = null;
        foreach (var split in pre.Splits)
        {
            if (split.Tokens is { } known)
            {
                AppendIds(known, ids);
                continue;
            }

            tokens.Clear();
            Model.Tokenize(split.Normalized.Text, tokens);
            AppendIds(CollectionsMarshal.AsSpan(tokens), ids);
        }

        tokens.Clear();
        if (tokens.Capacity <= KeptScratchCapacity)
        {
            tokenScratch = tokens;
        }

        Release(pre);
    }

    /// <summary>
    /// The special tokens the post-processor puts around a single sequence, probed once (<see cref="SpecialTokenFrame.Probe"/>);
    /// <see langword="null"/> when it does more than frame the sequence.
    /// </summary>
    public SpecialTokenFrame? Frame()
    {
        if (!Volatile.Read(ref frameBuilt))
        {
            Interlocked.CompareExchange(ref frame, SpecialTokenFrame.Probe(this), null);
            Volatile.Write(ref frameBuilt, true);
        }

        return frame;
    }

    /// <summary>Appends the ids of <paramref name="tokens"/>.</summary>
    private static void AppendIds(ReadOnlySpan<Token> tokens, List<int> ids)
    {
        foreach (var t in tokens)
        {
            ids.Add(t.Id);
        }
    }

    /// <summary>
    /// What the post-processor does to a single sequence when it only frames it (<see cref="IPostProcessor.SingleFrame"/>);
    /// <see cref="SingleSequenceFrame.None"/> without a post-processor; <see langword="null"/> when it does more.
    /// </summary>
    private SingleSequenceFrame? SingleFrame()
    {
        if (!Volatile.Read(ref singleFrameBuilt))
        {
            Interlocked.CompareExchange(ref singleFrame, PostProcessor is null ? SingleSequenceFrame.None : PostProcessor.SingleFrame(), null);
            Volatile.Write(ref singleFrameBuilt, true);
        }

        return singleFrame;
    }
}
