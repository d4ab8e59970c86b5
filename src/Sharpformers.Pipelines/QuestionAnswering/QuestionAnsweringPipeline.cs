using Sharpformers.Tokenization;

namespace Sharpformers.Pipelines;

/// <summary>
/// The <c>question-answering</c> task over an extractive QA model, as transformers' pipeline: the context is cut into
/// overlapping windows (<c>only_second</c> truncation with <c>doc_stride</c>), each window scores spans on its own
/// (<see cref="SpanSelection"/>), answers from all windows are sorted and cut to <c>top_k</c>, with the optional empty answer of
/// <c>handle_impossible_answer</c>. Thread-safe.
/// </summary>
public sealed class QuestionAnsweringPipeline : IPipeline
{
    /// <summary>The task name.</summary>
    public const string TaskName = "question-answering";

    private static readonly string[] Arguments = ["question", "context", "top_k", "doc_stride", "max_answer_len", "max_seq_len", "handle_impossible_answer", "align_to_words"];

    private readonly EncoderRunner runner;

    internal QuestionAnsweringPipeline(EncoderRunner runner) => this.runner = runner;

    /// <inheritdoc />
    public string Task => TaskName;

    /// <inheritdoc />
    public string ModelId => runner.ModelId;

    /// <summary>Answers a question from a context.</summary>
    /// <param name="question">The question (not empty).</param>
    /// <param name="context">The context (not empty; any length: it is windowed).</param>
    /// <param name="options">top_k, doc_stride, max_answer_len, handle_impossible_answer.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>Up to top_k answers, best first.</returns>
    /// <exception cref="ArgumentException">An empty question or context, or options out of range.</exception>
    public Task<IReadOnlyList<QuestionAnsweringResult>> AnswerAsync(string question, string context, QuestionAnsweringOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(context);
        options ??= new QuestionAnsweringOptions();
        return System.Threading.Tasks.Task.Run(() => Answer(question, context, options, cancellationToken), cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>Input: a <c>(string Question, string Context)</c> tuple, or <c>question</c>/<c>context</c> arguments. As transformers: one answer is returned alone, several as a list.</remarks>
    public async Task<object> RunAsync(object inputs, IReadOnlyDictionary<string, object?>? kwargs = null, CancellationToken cancellationToken = default)
    {
        var options = new QuestionAnsweringOptions();
        string? question = null, context = null;
        if (inputs is ValueTuple<string, string> pair)
        {
            (question, context) = pair;
        }
        else if (inputs is not null)
        {
            throw new ArgumentException($"{TaskName} takes a (question, context) tuple, not {inputs.GetType().Name}", nameof(inputs));
        }

        foreach (var (name, value) in kwargs ?? new Dictionary<string, object?>())
        {
            switch (name)
            {
                case "question": question = KeywordValues.String(name, value); break;
                case "context": context = KeywordValues.String(name, value); break;
                case "top_k": options = options with { TopK = KeywordValues.Int(name, value) }; break;
                case "doc_stride": options = options with { DocStride = KeywordValues.Int(name, value) }; break;
                case "max_answer_len": options = options with { MaxAnswerLength = KeywordValues.Int(name, value) }; break;
                case "max_seq_len": options = options with { MaxSequenceLength = KeywordValues.Int(name, value) }; break;
                case "handle_impossible_answer": options = options with { HandleImpossibleAnswer = KeywordValues.Bool(name, value) }; break;
                case "align_to_words": options = options with { AlignToWords = KeywordValues.Bool(name, value) }; break;
                default: throw KeywordValues.Unknown(TaskName, name, Arguments);
            }
        }

        var answers = await AnswerAsync(
            question ?? throw new ArgumentException("question-answering needs a question", nameof(inputs)),
            context ?? throw new ArgumentException("question-answering needs a context", nameof(inputs)), options, cancellationToken).ConfigureAwait(false);
        return answers.Count == 1 ? answers[0] : answers;
    }

    /// <inheritdoc />
    public void Dispose() => runner.Dispose();

    private IReadOnlyList<QuestionAnsweringResult> Answer(string question, string context, QuestionAnsweringOptions options, CancellationToken cancellationToken)
    {
        if (question.Length == 0)
        {
            throw new ArgumentException("`question` cannot be empty", nameof(question));
        }

        if (context.Length == 0)
        {
            throw new ArgumentException("`context` cannot be empty", nameof(context));
        }

        if (options.TopK < 1 || options.MaxAnswerLength < 1)
        {
            throw new ArgumentException($"top_k ({options.TopK}) and max_answer_len ({options.MaxAnswerLength}) must be at least 1", nameof(options));
        }

        var tokenizer = runner.Tokenizer;
        var maxLength = runner.Limit(options.MaxSequenceLength ?? Math.Min(runner.MaxLength, 384));
        var stride = options.DocStride ?? Math.Min(maxLength / 2, 128);
        if (stride > maxLength)
        {
            throw new ArgumentException($"`doc_stride` ({stride}) is larger than `max_seq_len` ({maxLength})", nameof(options));
        }

        var questionTokens = tokenizer.Encode(question, addSpecialTokens: false).Length;
        Encoding first;
        try
        {
            first = tokenizer.EncodeBatch([question], new EncodeBatchOptions
            {
                Pairs = [context], Truncation = true, MaxLength = maxLength, Stride = stride, TruncationStrategy = TruncationStrategy.OnlySecond,
            })[0];
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"The question ({questionTokens} tokens) leaves no room for the context in windows of {maxLength} tokens: {e.Message}", nameof(question), e);
        }

        List<Encoding> windows = [first, .. first.Overflowing];
        var clsId = tokenizer.ClsToken is { } cls ? tokenizer.ConvertTokenToId(cls) : null;
        var answers = new List<QuestionAnsweringResult>();
        var nullScore = 1_000_000f;
        var words = options.AlignToWords ? tokenizer.WordSpans(context) : null;
        foreach (var window in windows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var wanted = ContextMask(window, questionTokens, clsId);
            using var output = runner.Run([window], 0, 1, cancellationToken);
            var (spans, windowNull) = SpanSelection.Select(output.Values(0)[..window.Length], output.Values(1)[..window.Length], wanted, options.TopK, options.MaxAnswerLength);
            if (options.HandleImpossibleAnswer)
            {
                nullScore = Math.Min(nullScore, windowNull);
            }

            foreach (var (s, e, score) in spans)
            {
                var (start, end) = words is not null ? WordBounds(window, wanted, words, s, e) : (window.Offsets[s].Start, window.Offsets[e].End);
                answers.Add(new QuestionAnsweringResult(score, start, end, context[start..end]));
            }
        }

        if (options.HandleImpossibleAnswer)
        {
            answers.Add(new QuestionAnsweringResult(nullScore, 0, 0, string.Empty));
        }

        return [.. answers.OrderByDescending(a => a.Score).Take(options.TopK)];
    }

    /// <summary>transformers' p_mask inverted: true for context tokens and the [CLS] token, false for the question and other special tokens.</summary>
    private static bool[] ContextMask(Encoding window, int questionTokens, int? clsId)
    {
        var wanted = new bool[window.Length];
        var seen = 0;
        for (var i = 0; i < window.Length; i++)
        {
            if (window.SpecialTokensMask[i] == 0)
            {
                wanted[i] = seen++ >= questionTokens;
            }
            else if (window.Ids[i] == clsId)
            {
                wanted[i] = true;
            }
        }

        return wanted;
    }

    /// <summary>
    /// <c>align_to_words</c> as transformers does it (<c>word_to_chars(token_to_word(i), sequence_index=1)</c>): the span widened
    /// to the first and last context tokens of this window that belong to the words of its first and last tokens, words being
    /// the tokenizer's pre-tokenized pieces of the context (<see cref="PretrainedTokenizer.WordSpans"/>). A token outside the
    /// context (the [CLS] of a null answer) keeps its own bounds, as transformers falls back to token offsets there.
    /// </summary>
    private static (int Start, int End) WordBounds(Encoding window, bool[] wanted, (int Start, int End)[] words, int s, int e)
    {
        int Word(int i) => wanted[i] && window.SpecialTokensMask[i] == 0 ? PretrainedTokenizer.WordOf(words, window.Offsets[i].Start) : -1;
        var first = Word(s);
        while (first >= 0 && s > 0 && Word(s - 1) == first)
        {
            s--;
        }

        var last = Word(e);
        while (last >= 0 && e + 1 < window.Length && Word(e + 1) == last)
        {
            e++;
        }

        return (window.Offsets[s].Start, window.Offsets[e].End);
    }
}
