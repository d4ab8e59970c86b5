using Sharpformers.Generation.Configuration;
using Sharpformers.Generation.Constraints;
using Sharpformers.Generation.Constraints.Masking;
using Sharpformers.Generation.Constraints.Vocabulary;
using Sharpformers.Generation.LogitsProcessing;
using Sharpformers.Generation.Stopping;
using Sharpformers.Models;

namespace Sharpformers.Generation.Decoding;

/// <summary>Everything one generate call settles before compute: lengths, special tokens, processors, criteria, random source.</summary>
internal sealed class GenerationPlan
{
    private GenerationPlan(GenerationConfig config, GenerationLengths lengths, SpecialTokens tokens, ILogitsProcessor processors, IStoppingCriteria criteria, Random? random)
    {
        Config = config;
        Lengths = lengths;
        Tokens = tokens;
        Processors = processors;
        Criteria = criteria;
        Random = random;
    }

    public GenerationConfig Config { get; }

    public GenerationLengths Lengths { get; }

    public SpecialTokens Tokens { get; }

    public ILogitsProcessor Processors { get; }

    public IStoppingCriteria Criteria { get; }

    public Random? Random { get; }

    public bool HasEos => Tokens.EosTokenIds.Length > 0;

    /// <summary>Validates and resolves; throws before any compute.</summary>
    public static GenerationPlan Create(GenerationConfig config, GenerationOptions options, int promptWidth, int vocabSize, int? maxPositionEmbeddings)
    {
        GenerationConfigValidator.Validate(config);
        if (config.StopStrings is { Count: > 0 } && options.Tokenizer is null)
        {
            throw new InvalidGenerationConfigException("stop_strings", "invalid generation config: stop_strings needs a tokenizer (GenerationOptions.Tokenizer)");
        }

        var lengths = GenerationLengths.Resolve(config, promptWidth, options.MaxLengthIsExplicit, maxPositionEmbeddings, options.FitMaxNewTokensToContext);
        var tokens = SpecialTokens.From(config);
        var constraint = CreateConstraint(options, promptWidth, tokens, vocabSize);
        var processors = LogitsProcessorFactory.Create(config, lengths, promptWidth, tokens, options.LogitsProcessors, constraint);
        var criteria = new List<IStoppingCriteria> { new MaxLengthCriteria(lengths.MaxLength) };
        if (constraint is not null)
        {
            criteria.Add(constraint);
        }

        if (config.StopStrings is { Count: > 0 } stops)
        {
            criteria.Add(new StopStringCriteria(stops, options.Tokenizer!, vocabSize));
        }

        if (tokens.EosTokenIds.Length > 0)
        {
            criteria.Add(new EosTokenCriteria(tokens.EosTokenIds));
        }

        if (options.StoppingCriteria is not null)
        {
            criteria.AddRange(options.StoppingCriteria);
        }

        var random = config.DoSample ? (config.Seed is { } seed ? new Random(seed) : new Random()) : null;
        return new GenerationPlan(config, lengths, tokens, processors, new StoppingCriteriaList(criteria), random);
    }

    private static ConstraintTracker? CreateConstraint(GenerationOptions options, int promptWidth, SpecialTokens tokens, int vocabSize)
    {
        if (options.Constraint is null)
        {
            return null;
        }

        if (options.Tokenizer is not ITokenVocabulary vocabulary)
        {
            throw new ArgumentException(
                options.Tokenizer is null
                    ? "GenerationOptions.Constraint needs GenerationOptions.Tokenizer (e.g. tokenizer.AsGenerationTokenizer()) to know each token's bytes"
                    : $"GenerationOptions.Constraint needs a tokenizer that implements ITokenVocabulary; {options.Tokenizer.GetType().Name} does not",
                nameof(options));
        }

        var guide = ConstraintGuide.For(options.Constraint, TokenIndex.For(vocabulary));
        return new ConstraintTracker(guide, promptWidth, tokens.EosTokenIds, vocabSize);
    }
}
