using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Sharpformers.Models;

/// <summary>
/// Reads an encoder's I/O contract from the session metadata: the id, mask, segment and position inputs it declares (int32 or int64),
/// and the output(s) of the head asked for. A graph without that head is an error naming what it does have.
/// </summary>
internal static class EncoderContractReader
{
    private static readonly (string Name, EncoderInputKind Kind)[] InputNames =
    [
        ("input_ids", EncoderInputKind.InputIds),
        ("attention_mask", EncoderInputKind.AttentionMask),
        ("token_type_ids", EncoderInputKind.TokenTypeIds),
        ("position_ids", EncoderInputKind.PositionIds),
    ];

    public static EncoderGraph Read(InferenceSession session, string file, PretrainedConfig config, EncoderHead head)
    {
        var inputs = new List<EncoderInput>();
        int? fixedLength = null;
        foreach (var (name, meta) in session.InputMetadata)
        {
            var kind = KindOf(name) ?? throw new InvalidDataException(
                $"The ONNX graph '{file}' has an input '{name}' that an encoder cannot feed (known: {string.Join(", ", Array.ConvertAll(InputNames, n => n.Name))}).");
            if (meta.ElementDataType is not (TensorElementType.Int64 or TensorElementType.Int32))
            {
                throw new InvalidDataException($"The ONNX graph '{file}' declares input '{name}' as {meta.ElementDataType}; expected Int64 or Int32.");
            }

            if (kind == EncoderInputKind.InputIds && meta.Dimensions.Length == 2 && meta.Dimensions[1] > 0)
            {
                fixedLength = meta.Dimensions[1];
            }

            inputs.Add(new EncoderInput(name, kind, meta.ElementDataType));
        }

        if (!inputs.Exists(i => i.Kind == EncoderInputKind.InputIds))
        {
            throw new InvalidDataException($"The ONNX graph '{file}' has no 'input_ids' input (inputs: {string.Join(", ", session.InputMetadata.Keys)}).");
        }

        inputs.Sort(static (a, b) => a.Kind.CompareTo(b.Kind));
        var outputs = FindHead(session, file, config, head);
        return new EncoderGraph { Session = session, FilePath = file, Inputs = [.. inputs], Outputs = outputs, Head = head, FixedSequenceLength = fixedLength };
    }

    private static EncoderInputKind? KindOf(string name)
    {
        foreach (var (known, kind) in InputNames)
        {
            if (name == known)
            {
                return kind;
            }
        }

        return null;
    }

    private static EncoderOutputSlot[] FindHead(InferenceSession session, string file, PretrainedConfig config, EncoderHead head)
    {
        var outputs = session.OutputMetadata;
        EncoderOutputSlot? Slot(string name) => outputs.TryGetValue(name, out var meta) && IsFloat(meta) ? ToSlot(name, meta) : null;

        switch (head)
        {
            case EncoderHead.None:
            {
                if (Slot("last_hidden_state") is { Rank: 3 } named)
                {
                    return [named];
                }

                // Exports without Optimum names (torch.onnx's output_0...): the first float [batch, sequence, hidden] output.
                foreach (var (name, meta) in outputs)
                {
                    if (IsFloat(meta) && meta.Dimensions.Length == 3 && name != "logits")
                    {
                        return [ToSlot(name, meta)];
                    }
                }

                break;
            }

            case EncoderHead.SequenceClassification:
                if (Slot("logits") is { Rank: 2 } classification)
                {
                    return [classification];
                }

                break;
            case EncoderHead.TokenClassification:
            case EncoderHead.MaskedLM:
                if (Slot("logits") is { Rank: 3 } logits && IsHead(logits, config, head))
                {
                    return [logits];
                }

                break;
            case EncoderHead.QuestionAnswering:
                if (Slot("start_logits") is { Rank: 2 } start && Slot("end_logits") is { Rank: 2 } end)
                {
                    return [start, end];
                }

                break;
        }

        var described = string.Join(", ", outputs.Select(o => $"{o.Key} [{string.Join(", ", o.Value.Dimensions.Select(d => d < 0 ? "?" : d.ToString(System.Globalization.CultureInfo.InvariantCulture)))}]"));
        throw new InvalidDataException(
            $"The ONNX graph '{file}' has no {Describe(head)} head (its outputs: {described}" +
            (config.Architectures.Count > 0 ? $"; architectures: {string.Join(", ", config.Architectures)}" : string.Empty) +
            $"). Export the model for this task (Optimum --task {OptimumTask(head)}) or load it with the matching AutoModelFor class.");
    }

    /// <summary>Tells a token-classification head from a masked-LM head when both are <c>logits [batch, sequence, n]</c>.</summary>
    private static bool IsHead(EncoderOutputSlot logits, PretrainedConfig config, EncoderHead head)
    {
        var vocab = config.VocabSize;
        if (logits.LastDimension is int n && vocab is int v)
        {
            return head == EncoderHead.MaskedLM ? n == v : n != v;
        }

        foreach (var architecture in config.Architectures)
        {
            if (architecture.EndsWith("ForMaskedLM", StringComparison.Ordinal))
            {
                return head == EncoderHead.MaskedLM;
            }

            if (architecture.EndsWith("ForTokenClassification", StringComparison.Ordinal))
            {
                return head == EncoderHead.TokenClassification;
            }
        }

        return true;
    }

    private static bool IsFloat(NodeMetadata meta) => meta.ElementDataType is TensorElementType.Float or TensorElementType.Float16;

    private static EncoderOutputSlot ToSlot(string name, NodeMetadata meta) =>
        new(name, meta.ElementDataType, meta.Dimensions.Length, meta.Dimensions.Length > 0 && meta.Dimensions[^1] > 0 ? meta.Dimensions[^1] : null);

    internal static string Describe(EncoderHead head) => head switch
    {
        EncoderHead.None => "base-encoder (last_hidden_state)",
        EncoderHead.SequenceClassification => "sequence-classification (logits [batch, labels])",
        EncoderHead.TokenClassification => "token-classification (logits [batch, sequence, labels])",
        EncoderHead.MaskedLM => "masked-LM (logits [batch, sequence, vocabulary])",
        EncoderHead.QuestionAnswering => "question-answering (start_logits and end_logits)",
        _ => head.ToString(),
    };

    private static string OptimumTask(EncoderHead head) => head switch
    {
        EncoderHead.None => "feature-extraction",
        EncoderHead.SequenceClassification => "text-classification",
        EncoderHead.TokenClassification => "token-classification",
        EncoderHead.MaskedLM => "fill-mask",
        EncoderHead.QuestionAnswering => "question-answering",
        _ => head.ToString(),
    };
}
