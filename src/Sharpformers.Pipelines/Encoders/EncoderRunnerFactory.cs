using Sharpformers.Models;
using Sharpformers.Tokenization;

namespace Sharpformers.Pipelines;

/// <summary>Loads the tokenizer and the encoder with the head a task needs, as transformers' <c>pipeline()</c> does.</summary>
internal static class EncoderRunnerFactory
{
    public static async Task<EncoderRunner> CreateAsync(string model, EncoderHead head, PipelineOptions options, CancellationToken cancellationToken)
    {
        if (options.Remote is not null)
        {
            throw new NotSupportedException("encoder pipelines run locally: PipelineOptions.Remote applies to text-generation only");
        }

        var tokenizerOptions = new TokenizerOptions { Hub = options.Hub, Revision = options.Revision, Progress = options.Progress };
        var tokenizer = await AutoTokenizer.FromPretrainedAsync(model, tokenizerOptions, cancellationToken).ConfigureAwait(false);
        var modelOptions = options.Model.Clone();
        modelOptions.Hub ??= options.Hub;
        modelOptions.Revision ??= options.Revision;
        modelOptions.Progress ??= options.Progress;
        var encoder = head switch
        {
            EncoderHead.None => await AutoModel.FromPretrainedAsync(model, modelOptions, cancellationToken).ConfigureAwait(false),
            EncoderHead.SequenceClassification => await AutoModelForSequenceClassification.FromPretrainedAsync(model, modelOptions, cancellationToken).ConfigureAwait(false),
            EncoderHead.TokenClassification => await AutoModelForTokenClassification.FromPretrainedAsync(model, modelOptions, cancellationToken).ConfigureAwait(false),
            EncoderHead.MaskedLM => await AutoModelForMaskedLM.FromPretrainedAsync(model, modelOptions, cancellationToken).ConfigureAwait(false),
            EncoderHead.QuestionAnswering => await AutoModelForQuestionAnswering.FromPretrainedAsync(model, modelOptions, cancellationToken).ConfigureAwait(false),
            _ => throw new ArgumentOutOfRangeException(nameof(head)),
        };
        return new EncoderRunner(model, tokenizer, encoder, ownsModel: true);
    }
}
