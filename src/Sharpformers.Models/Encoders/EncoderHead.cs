namespace Sharpformers.Models;

/// <summary>What an encoder graph computes on top of the transformer body, read from its outputs (transformers' <c>AutoModelFor...</c> classes).</summary>
public enum EncoderHead
{
    /// <summary>No head: <c>last_hidden_state</c> <c>[batch, sequence, hidden]</c> (transformers <c>AutoModel</c>).</summary>
    None,

    /// <summary><c>logits</c> <c>[batch, labels]</c> (<c>AutoModelForSequenceClassification</c>).</summary>
    SequenceClassification,

    /// <summary><c>logits</c> <c>[batch, sequence, labels]</c> (<c>AutoModelForTokenClassification</c>).</summary>
    TokenClassification,

    /// <summary><c>logits</c> <c>[batch, sequence, vocabulary]</c> (<c>AutoModelForMaskedLM</c>).</summary>
    MaskedLM,

    /// <summary><c>start_logits</c> and <c>end_logits</c> <c>[batch, sequence]</c> (<c>AutoModelForQuestionAnswering</c>).</summary>
    QuestionAnswering,
}
