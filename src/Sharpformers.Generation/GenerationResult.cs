namespace Sharpformers.Generation;

/// <summary>The output of a generate call.</summary>
public sealed class GenerationResult
{
    internal GenerationResult(long[][] sequences, int promptLength, float[][]? tokenLogProbabilities, float[]? sequenceScores, float[][]? scores)
    {
        Sequences = sequences;
        PromptLength = promptLength;
        TokenLogProbabilities = tokenLogProbabilities;
        SequenceScores = sequenceScores;
        Scores = scores;
    }

    /// <summary>Whole sequences (left-padded prompt + generated tokens, finished rows right-filled with the pad id), <c>num_return_sequences</c> rows per prompt, in order.</summary>
    public IReadOnlyList<long[]> Sequences { get; }

    /// <summary>The padded prompt width: generated tokens of a row start at this index.</summary>
    public int PromptLength { get; }

    /// <summary>
    /// With <c>output_scores</c>: per returned sequence, the log-probability of each generated token under the processed
    /// scores (transformers' <c>compute_transition_scores</c> with normalisation); otherwise <see langword="null"/>.
    /// </summary>
    public IReadOnlyList<float[]>? TokenLogProbabilities { get; }

    /// <summary>Beam search with <c>output_scores</c>: the length-penalised score of each returned sequence (transformers' <c>sequences_scores</c>).</summary>
    public IReadOnlyList<float>? SequenceScores { get; }

    /// <summary>With <c>output_scores</c>: the processed scores of each step, [rows × vocabulary] (rows = prompts × beams or return sequences).</summary>
    public IReadOnlyList<float[]>? Scores { get; }

    /// <summary>The generated part of one returned sequence.</summary>
    /// <param name="index">The sequence index.</param>
    /// <returns>The tokens after the prompt.</returns>
    public ReadOnlySpan<long> NewTokens(int index) => Sequences[index].AsSpan(PromptLength);
}
