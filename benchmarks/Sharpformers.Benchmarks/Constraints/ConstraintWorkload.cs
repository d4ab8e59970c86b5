using Sharpformers.Generation.Constraints;
using Sharpformers.Generation.Constraints.Masking;
using Sharpformers.Generation.Constraints.Vocabulary;
using Sharpformers.Generation.Streaming;
using Sharpformers.TestSupport;
using Sharpformers.Tokenization;

namespace Sharpformers.Benchmarks.Constraints;

/// <summary>
/// The constrained-decoding workload on Qwen3's 151k-token vocabulary: a nested schema, and token trajectories drawn
/// at random among the allowed tokens (a random model), replayed through the per-call tracker.
/// </summary>
internal sealed class ConstraintWorkload
{
    public const string NestedSchema = """
        {"type":"object","properties":{
           "name":{"type":"string","maxLength":24},
           "age":{"type":"integer","minimum":0,"maximum":130},
           "address":{"type":"object","properties":{"street":{"type":"string"},"zip":{"type":"string","pattern":"^[0-9]{5}$"},
              "geo":{"type":"object","properties":{"lat":{"type":"number","minimum":-90,"maximum":90},"lon":{"type":"number","minimum":-180,"maximum":180}},"required":["lat","lon"]}},
            "required":["street","zip","geo"]},
           "tags":{"type":"array","items":{"enum":["admin","user","guest"]},"maxItems":4},
           "orders":{"type":"array","items":{"$ref":"#/$defs/order"},"maxItems":3},
           "active":{"type":"boolean"}},
         "required":["name","age","address","orders","active"],
         "$defs":{"order":{"type":"object","properties":{"id":{"type":"string","format":"uuid"},"total":{"type":"number"},"when":{"type":"string","format":"date-time"},
            "status":{"anyOf":[{"enum":["open","shipped"]},{"type":"null"}]}},"required":["id","total","status"]}}}
        """;

    public ConstraintWorkload()
    {
        Tokenizer = AutoTokenizer.FromPretrained(Path.Combine(Fixtures.Root, "tokenizers", "qwen3"));
        Vocabulary = (ITokenVocabulary)Tokenizer.AsGenerationTokenizer();
        Index = TokenIndex.For(Vocabulary);
        VocabSize = Tokenizer.TotalVocabSize;
        Eos = Tokenizer.ConvertTokenToId("<|im_end|>")!.Value;
    }

    public PretrainedTokenizer Tokenizer { get; }

    public ITokenVocabulary Vocabulary { get; }

    public TokenIndex Index { get; }

    public int VocabSize { get; }

    public int Eos { get; }

    public ConstraintTracker NewTracker(TokenConstraint constraint) =>
        new(ConstraintGuide.For(constraint, Index), promptWidth: 0, [Eos], VocabSize);

    /// <summary>Draws trajectories (each ending with the end-of-sequence id) by picking a random allowed token each step.</summary>
    public List<long[]> Trajectories(TokenConstraint constraint, int count, int seed, int maxLength = 400)
    {
        var random = new Random(seed);
        var scores = new float[VocabSize];
        var result = new List<long[]>();
        while (result.Count < count)
        {
            var tracker = NewTracker(constraint);
            var sequence = new List<long>();
            while (sequence.Count < maxLength)
            {
                for (var i = 0; i < scores.Length; i++)
                {
                    scores[i] = (float)random.NextDouble();
                }

                tracker.Process(sequence.ToArray(), scores);
                var best = 0;
                for (var i = 1; i < scores.Length; i++)
                {
                    if (scores[i] > scores[best])
                    {
                        best = i;
                    }
                }

                sequence.Add(best);
                if (best == Eos)
                {
                    result.Add([.. sequence]);
                    break;
                }
            }
        }

        return result;
    }
}
