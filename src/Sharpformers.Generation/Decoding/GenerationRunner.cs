using Sharpformers.Generation.Configuration;
using Sharpformers.Generation.Search;
using Sharpformers.Models;

namespace Sharpformers.Generation.Decoding;

/// <summary>One generate call from raw prompts to result: validate, pad, plan, expand, pick the search, run.</summary>
internal static class GenerationRunner
{
    public static GenerationResult Run(
        IDecoderModel model,
        IReadOnlyList<IReadOnlyList<long>> inputIds,
        GenerationConfig config,
        GenerationOptions options,
        int? maxPositionEmbeddings,
        ITokenSink? sink,
        CancellationToken cancellationToken)
    {
        GenerationConfigValidator.Validate(config);
        cancellationToken.ThrowIfCancellationRequested();
        TokenIdOutOfRangeException.ThrowIfOutOfRange(inputIds, model.VocabSize);
        var tokens = SpecialTokens.From(config);
        var prompt = PromptBatch.Create(inputIds, options.AttentionMask, tokens.PadTokenId ?? 0);
        var plan = GenerationPlan.Create(config, options, prompt.Width, model.VocabSize, maxPositionEmbeddings);
        var beam = config.NumBeams > 1;
        if (beam && sink is not null)
        {
            throw new InvalidGenerationConfigException("num_beams", "invalid generation config: streaming is not supported with beam search (num_beams > 1)");
        }

        var expanded = prompt.Expand(beam ? config.NumBeams : config.NumReturnSequences);
        using var session = model.StartSession(expanded.Rows);
        return beam
            ? new BeamSearch(session, plan, expanded, model.VocabSize).Run(cancellationToken)
            : new SampleSearch(session, plan, expanded, model.VocabSize).Run(sink, cancellationToken);
    }

    /// <summary>
    /// The config a call runs with: the caller's (or the model's) with the model's special tokens filled in where the
    /// caller left them unset (transformers merges model defaults the same way).
    /// </summary>
    public static GenerationConfig Effective(GenerationConfig? config, GenerationConfig modelDefaults, PretrainedConfig modelConfig)
    {
        var effective = (config ?? modelDefaults).Clone();
        effective.EosTokenId ??= modelDefaults.EosTokenId ?? modelConfig.EosTokenId;
        effective.PadTokenId ??= modelDefaults.PadTokenId ?? modelConfig.PadTokenId;
        effective.BosTokenId ??= modelDefaults.BosTokenId ?? modelConfig.BosTokenId;
        return effective;
    }
}
