using Sharpformers.Testing.Encoders;
using Sharpformers.TestSupport;

namespace Sharpformers.Pipelines.Tests.Encoders;

/// <summary>
/// Token classification, fill-mask and question answering on generated <see cref="LookupEncoder"/> models (each logit is a table
/// entry the test knows) with the tiny-bert WordPiece tokenizer; ids come from HF tokenizers (Rust) and the post-processing is
/// written out here.
/// </summary>
public sealed class LookupEncoderPipelineTests : IDisposable
{
    private static readonly string[] NerLabels = ["O", "B-PER", "I-PER", "B-LOC", "I-LOC"];
    private readonly TemporaryDirectory root = new();

    private static string TokenizerJson => Fixtures.Require("models", "tiny-bert-wordpiece", "tokenizer.json");

    public void Dispose() => root.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task TokenClassificationWithoutAggregationIsPerTokenSoftmax(bool float16)
    {
        var (folder, model) = Create(LookupHead.TokenClassification, NerLabels, float16);
        using var pipe = await Pipeline.CreateTokenClassificationAsync(folder, cancellationToken: TestContext.Current.CancellationToken);
        const string text = "john smith lives in new york";
        var entities = await pipe.ClassifyAsync(text, new TokenClassificationOptions { IgnoreLabels = [] }, TestContext.Current.CancellationToken);

        var ids = PlainOrt.HfIds(TokenizerJson, text);
        Assert.Equal(ids.Length - 2, entities.Count); // every token but [CLS] and [SEP]
        for (var i = 0; i < entities.Count; i++)
        {
            var probabilities = Softmax(model.Row((int)ids[i + 1]));
            var best = Array.IndexOf(probabilities, probabilities.Max());
            Assert.Equal(i + 1, entities[i].Index);
            Assert.Equal(NerLabels[best], entities[i].Entity);
            Assert.Equal(probabilities[best], entities[i].Score, 5);
            Assert.Equal(entities[i].Word.TrimStart('#'), text[entities[i].Start..entities[i].End]);
        }

        var withoutO = await pipe.ClassifyAsync(text, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(entities.Where(e => e.Entity != "O"), withoutO);

        var grouped = await pipe.ClassifyAsync(text, new TokenClassificationOptions { AggregationStrategy = AggregationStrategy.Simple, IgnoreLabels = [] }, TestContext.Current.CancellationToken);
        Assert.Equal(entities.Count, grouped.Sum(g => entities.Count(e => e.Start >= g.Start && e.End <= g.End)));
        foreach (var group in grouped)
        {
            var members = entities.Where(e => e.Start >= group.Start && e.End <= group.End).ToList();
            Assert.Equal(members.Average(m => m.Score), group.Score, 5);
            Assert.Equal(members[0].Entity!.Split('-', 2)[^1], group.EntityGroup);
        }
    }

    [Fact]
    public async Task RunAsyncTakesOneStringOrAListOfStringsInOrderAndRefusesAnythingElseNamingTheTask()
    {
        var ct = TestContext.Current.CancellationToken;
        var (folder, _) = Create(LookupHead.TokenClassification, NerLabels);
        using var pipe = await Pipeline.CreateTokenClassificationAsync(folder, cancellationToken: ct);
        string[] texts = ["john smith", "lives in new york"];
        var keepAll = new Dictionary<string, object?> { ["ignore_labels"] = Array.Empty<string>() };
        var alone = new List<IReadOnlyList<TokenClassificationEntity>>();
        foreach (var text in texts)
        {
            alone.Add(await pipe.ClassifyAsync(text, new TokenClassificationOptions { IgnoreLabels = [] }, ct));
        }

        Assert.Equal(alone[1], (IReadOnlyList<TokenClassificationEntity>)await pipe.RunAsync(texts[1], keepAll, ct));
        var each = (IReadOnlyList<TokenClassificationEntity>[])await pipe.RunAsync(texts, keepAll, ct);
        Assert.Equal(2, each.Length);
        Assert.NotEqual(alone[0].Count, alone[1].Count); // so a swapped order would fail
        Assert.Equal(alone[0], each[0]);
        Assert.Equal(alone[1], each[1]);

        await Assert.ThrowsAsync<ArgumentNullException>(() => pipe.RunAsync(null!, cancellationToken: ct));
        var wrong = await Assert.ThrowsAsync<ArgumentException>(() => pipe.RunAsync(42, cancellationToken: ct));
        Assert.Equal("inputs", wrong.ParamName);
        Assert.StartsWith("token-classification takes a string or a list of strings, not Int32", wrong.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FillMaskRanksTheVocabularyAtTheMaskAndHonoursTargets()
    {
        var (folder, model) = Create(LookupHead.MaskedLM);
        using var pipe = await Pipeline.CreateFillMaskAsync(folder, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal("[MASK]", pipe.MaskToken);
        var results = await pipe.FillAsync("the cat [MASK] here", cancellationToken: TestContext.Current.CancellationToken);

        var probabilities = Softmax(model.Row(pipe.MaskTokenId));
        var expected = Enumerable.Range(0, probabilities.Length).OrderByDescending(i => probabilities[i]).Take(5).ToArray();
        var row = Assert.Single(results);
        Assert.Equal(expected, row.Select(r => r.Token));
        Assert.All(row, (r, i) => Assert.Equal(probabilities[expected[i]], r.Score, 5));
        Assert.All(row, r => Assert.Contains(r.TokenStr.Replace("##", string.Empty, StringComparison.Ordinal), r.Sequence, StringComparison.Ordinal));

        var targeted = await pipe.FillAsync("the cat [MASK] here", new FillMaskOptions { Targets = ["the", "cat"], TopK = 10 }, TestContext.Current.CancellationToken);
        // "cat" is not in this 1656-entry vocabulary: transformers replaces it by its first token.
        long[] targetIds = [PlainOrt.HfIds(TokenizerJson, "the")[1], PlainOrt.HfIds(TokenizerJson, "cat")[1]];
        Assert.Equal(targetIds.Order(), targeted[0].Select(r => (long)r.Token).Order());
        Assert.True(targeted[0][0].Score >= targeted[0][1].Score);

        var two = await pipe.FillAsync("[MASK] cat [MASK]", new FillMaskOptions { TopK = 1 }, TestContext.Current.CancellationToken);
        Assert.Equal(2, two.Count);
        await Assert.ThrowsAsync<ArgumentException>(() => pipe.FillAsync("no mask here", cancellationToken: TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task QuestionAnsweringScoresContextSpansOnly()
    {
        var (folder, model) = Create(LookupHead.QuestionAnswering);
        using var pipe = await Pipeline.CreateQuestionAnsweringAsync(folder, cancellationToken: TestContext.Current.CancellationToken);
        const string question = "who lives there", context = "john smith lives in the big house near the river";
        var answers = await pipe.AnswerAsync(question, context, new QuestionAnsweringOptions { TopK = 3, HandleImpossibleAnswer = true }, TestContext.Current.CancellationToken);

        // Independent: [CLS] q [SEP] c [SEP]; starts/ends outside the context (except [CLS]) at -10000; softmax; best spans.
        var ids = PlainOrt.HfIds(TokenizerJson, question + " [SEP] " + context);
        var questionLength = PlainOrt.HfIds(TokenizerJson, question).Length - 2;
        var contextStart = questionLength + 2;
        var wanted = ids.Select((_, i) => i == 0 || (i >= contextStart && i < ids.Length - 1)).ToArray();
        var start = Softmax([.. ids.Select((id, i) => wanted[i] ? model.Row((int)id, 0)[0] : -10000f)]);
        var end = Softmax([.. ids.Select((id, i) => wanted[i] ? model.Row((int)id, 1)[0] : -10000f)]);
        var nullScore = start[0] * end[0];
        start[0] = end[0] = 0;
        var spans = new List<float>();
        for (var s = contextStart; s < ids.Length - 1; s++)
        {
            for (var e = s; e < Math.Min(ids.Length - 1, s + 15); e++)
            {
                spans.Add(start[s] * end[e]);
            }
        }

        var expected = spans.Append(nullScore).OrderDescending().Take(3).ToArray();
        Assert.Equal(expected.Length, answers.Count);
        Assert.All(answers, (a, i) => Assert.Equal(expected[i], a.Score, 5));
        Assert.All(answers, a => Assert.Equal(context[a.Start..a.End], a.Answer));

        await Assert.ThrowsAsync<ArgumentException>(() => pipe.AnswerAsync("", context, cancellationToken: TestContext.Current.CancellationToken));
        await Assert.ThrowsAsync<ArgumentException>(() => pipe.AnswerAsync(question, "", cancellationToken: TestContext.Current.CancellationToken));
    }

    /// <summary>
    /// transformers' <c>align_to_words</c> on a WordPiece tokenizer: an answer widens to the BERT pre-tokenizer's words (runs of
    /// non-space, non-punctuation chars; each punctuation char a word) holding its first and last chars, computed here
    /// independently from the unaligned answers of the same pipeline.
    /// </summary>
    [Fact]
    public async Task QuestionAnsweringAlignsAnswersToWords()
    {
        var (folder, _) = Create(LookupHead.QuestionAnswering);
        using var pipe = await Pipeline.CreateQuestionAnsweringAsync(folder, cancellationToken: TestContext.Current.CancellationToken);
        const string question = "who lives there", context = "johnathan smithsonian's neighbours live in the unbelievably big house-boat, nearby.";
        var options = new QuestionAnsweringOptions { TopK = 20 };
        var tokens = await pipe.AnswerAsync(question, context, options with { AlignToWords = false }, TestContext.Current.CancellationToken);
        var words = await pipe.AnswerAsync(question, context, options, TestContext.Current.CancellationToken);

        static bool Joins(char c) => !char.IsWhiteSpace(c) && !char.IsPunctuation(c);
        static int WordStart(string text, int start)
        {
            while (start > 0 && Joins(text[start]) && Joins(text[start - 1]))
            {
                start--;
            }

            return start;
        }

        static int WordEnd(string text, int end)
        {
            while (end < text.Length && Joins(text[end - 1]) && Joins(text[end]))
            {
                end++;
            }

            return end;
        }

        Assert.Equal(tokens.Count, words.Count);
        Assert.Contains(tokens, t => (WordStart(context, t.Start), WordEnd(context, t.End)) != (t.Start, t.End)); // some answer is mid-word
        for (var i = 0; i < tokens.Count; i++)
        {
            Assert.Equal(tokens[i].Score, words[i].Score);
            Assert.Equal((WordStart(context, tokens[i].Start), WordEnd(context, tokens[i].End)), (words[i].Start, words[i].End));
            Assert.Equal(context[words[i].Start..words[i].End], words[i].Answer);
        }
    }

    [Fact]
    public async Task QuestionAnsweringWindowsLongContextsWithoutShapeErrors()
    {
        var (folder, _) = Create(LookupHead.QuestionAnswering);
        using var pipe = await Pipeline.CreateQuestionAnsweringAsync(folder, cancellationToken: TestContext.Current.CancellationToken);
        var context = string.Join(' ', Enumerable.Repeat("the river runs past the house of john smith in new york", 200));
        var answers = await pipe.AnswerAsync("where is the house", context, new QuestionAnsweringOptions { TopK = 5, MaxSequenceLength = 64, DocStride = 16 }, TestContext.Current.CancellationToken);

        Assert.Equal(5, answers.Count);
        Assert.True(answers.Zip(answers.Skip(1)).All(p => p.First.Score >= p.Second.Score));
        Assert.All(answers, a => Assert.Equal(context[a.Start..a.End], a.Answer));
        Assert.Contains(answers, a => a.Start > 2000); // later windows are scored too
    }

    private (string Folder, LookupEncoder Model) Create(LookupHead head, string[]? labels = null, bool float16 = false)
    {
        var model = LookupEncoder.Create(head, vocabSize: 1656, labels, seed: 7, float16: float16);
        var folder = root.Combine($"{head}-{float16}");
        model.WriteTo(folder);
        File.Copy(TokenizerJson, Path.Combine(folder, "tokenizer.json"), overwrite: true);
        File.WriteAllText(Path.Combine(folder, "tokenizer_config.json"), """
            {"cls_token": "[CLS]", "sep_token": "[SEP]", "mask_token": "[MASK]", "pad_token": "[PAD]", "unk_token": "[UNK]", "model_max_length": 512}
            """);
        return (folder, model);
    }

    private static float[] Softmax(ReadOnlySpan<float> logits)
    {
        var max = double.NegativeInfinity;
        foreach (var x in logits)
        {
            max = Math.Max(max, x);
        }

        var e = new double[logits.Length];
        for (var i = 0; i < e.Length; i++)
        {
            e[i] = Math.Exp(logits[i] - max);
        }

        var sum = e.Sum();
        return [.. e.Select(x => (float)(x / sum))];
    }
}
