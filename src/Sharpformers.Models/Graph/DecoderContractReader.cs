using System.Globalization;
using System.Text;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Sharpformers.Models;

/// <summary>
/// Reads a decoder's I/O contract from its session metadata: which optional inputs exist, their element types, the past/present
/// pairs and their layouts (graph dimensions first, the configuration for symbolic ones). Anything it cannot map is an error that names it.
/// </summary>
internal static class DecoderContractReader
{
    private static readonly string[] LogitsToKeepNames = ["num_logits_to_keep", "logits_to_keep"];
    private const string UseCacheBranchName = "use_cache_branch";

    /// <summary>Reads the graph that takes the past; its slots define the cache.</summary>
    public static DecoderGraph ReadWithPast(InferenceSession session, string file, ModelDimensions dims, out KvSlot[] slots)
    {
        var names = new KvNameTemplates(dims.GenAi);
        var found = new List<(int Layer, int Order, KvSlot Slot)>();
        var order = 0;
        foreach (var (name, meta) in session.InputMetadata)
        {
            if (names.TryMatch(name, out var layer, out var presentName))
            {
                found.Add((layer, order++, CreateSlot(file, name, presentName, meta, dims)));
            }
        }

        if (found.Count == 0)
        {
            throw new InvalidDataException(
                $"The ONNX graph '{file}' has no past key/value inputs (inputs: {string.Join(", ", session.InputMetadata.Keys)}); " +
                "export the model with its KV cache (Optimum --task text-generation-with-past).");
        }

        found.Sort(static (a, b) => a.Layer != b.Layer ? a.Layer.CompareTo(b.Layer) : a.Order.CompareTo(b.Order));
        slots = new KvSlot[found.Count];
        for (var i = 0; i < slots.Length; i++)
        {
            slots[i] = found[i].Slot;
        }

        return Read(session, file, dims, slots, takesPast: true);
    }

    /// <summary>Reads the no-past graph of a split pair, whose presents must match <paramref name="slots"/>.</summary>
    public static DecoderGraph ReadWithoutPast(InferenceSession session, string file, ModelDimensions dims, KvSlot[] slots) =>
        Read(session, file, dims, slots, takesPast: false);

    private static DecoderGraph Read(InferenceSession session, string file, ModelDimensions dims, KvSlot[] slots, bool takesPast)
    {
        var inputs = session.InputMetadata;
        var genAi = dims.GenAi;
        var inputNames = new List<string>();
        var mapped = new HashSet<string>(StringComparer.Ordinal);

        TypedInput? Take(string? name, params TensorElementType[] allowed)
        {
            if (name is null || !inputs.TryGetValue(name, out var meta))
            {
                return null;
            }

            if (Array.IndexOf(allowed, meta.ElementDataType) < 0)
            {
                throw new InvalidDataException($"The ONNX graph '{file}' declares input '{name}' as {meta.ElementDataType}; expected {string.Join(" or ", allowed)}.");
            }

            mapped.Add(name);
            inputNames.Add(name);
            return new TypedInput(inputNames.Count - 1, name, meta.ElementDataType, meta.Dimensions.Length);
        }

        var idsName = genAi?.Input("input_ids", "input_ids") ?? "input_ids";
        var inputIds = Take(idsName, TensorElementType.Int64, TensorElementType.Int32)
            ?? throw new InvalidDataException($"The ONNX graph '{file}' has no '{idsName}' input (inputs: {string.Join(", ", inputs.Keys)}).");
        var mask = Take(genAi?.Input("attention_mask", "attention_mask") ?? "attention_mask", TensorElementType.Int64, TensorElementType.Int32);
        var positions = Take(genAi?.Input("position_ids", "position_ids") ?? "position_ids", TensorElementType.Int64, TensorElementType.Int32);
        TypedInput? keep = null;
        foreach (var keepName in LogitsToKeepNames)
        {
            keep ??= Take(keepName, TensorElementType.Int64, TensorElementType.Int32);
        }

        var useCacheBranch = Take(UseCacheBranchName, TensorElementType.Bool);
        var firstPast = inputNames.Count;
        if (takesPast)
        {
            foreach (var slot in slots)
            {
                mapped.Add(slot.PastName);
                inputNames.Add(slot.PastName);
            }
        }

        var unmapped = new List<string>();
        foreach (var (name, meta) in inputs)
        {
            if (!mapped.Contains(name))
            {
                unmapped.Add($"'{name}' ({meta.ElementDataType} {Shape(meta)})");
            }
        }

        if (unmapped.Count > 0)
        {
            throw new InvalidDataException(
                $"The ONNX graph '{file}' has inputs that cannot be mapped: {string.Join(", ", unmapped)}. Known inputs: input_ids, attention_mask, " +
                "position_ids, num_logits_to_keep/logits_to_keep, use_cache_branch and past key/value inputs (past_key_values.%d.key/.value, " +
                "past_key_values.%d.key_value, past_%d, or the names in genai_config.json).");
        }

        var outputs = session.OutputMetadata;
        var logitsName = genAi?.OutputOrNull("logits") ?? "logits";
        if (!outputs.TryGetValue(logitsName, out var logitsMeta))
        {
            throw new InvalidDataException($"The ONNX graph '{file}' has no '{logitsName}' output (outputs: {string.Join(", ", outputs.Keys)}).");
        }

        if (logitsMeta.ElementDataType is not (TensorElementType.Float or TensorElementType.Float16))
        {
            throw new InvalidDataException($"The ONNX graph '{file}' returns logits as {logitsMeta.ElementDataType}; expected float or float16.");
        }

        var outputNames = new string[slots.Length + 1];
        outputNames[0] = logitsName;
        for (var i = 0; i < slots.Length; i++)
        {
            if (!outputs.TryGetValue(slots[i].PresentName, out var presentMeta))
            {
                throw new InvalidDataException(
                    $"The ONNX graph '{file}' has no output '{slots[i].PresentName}' to pair with the past input '{slots[i].PastName}' (outputs: {string.Join(", ", outputs.Keys)}).");
            }

            if (presentMeta.ElementDataType != slots[i].ElementType)
            {
                throw new InvalidDataException(
                    $"The ONNX graph '{file}' returns '{slots[i].PresentName}' as {presentMeta.ElementDataType} but takes '{slots[i].PastName}' as {slots[i].ElementType}.");
            }

            outputNames[i + 1] = slots[i].PresentName;
        }

        var logitsDims = logitsMeta.Dimensions;
        var vocab = logitsDims.Length > 0 && logitsDims[^1] > 0 ? logitsDims[^1] : dims.VocabSize
            ?? throw new InvalidDataException($"The vocabulary size is neither fixed in the logits of '{file}' nor given by config.json (vocab_size).");

        return new DecoderGraph
        {
            Session = session,
            FilePath = file,
            InputNames = [.. inputNames],
            OutputNames = outputNames,
            InputIds = inputIds,
            AttentionMask = mask,
            PositionIds = positions,
            LogitsToKeep = keep,
            UseCacheBranch = useCacheBranch,
            TakesPast = takesPast,
            FirstPastInput = firstPast,
            LogitsType = logitsMeta.ElementDataType,
            VocabSize = vocab,
        };
    }

    private static KvSlot CreateSlot(string file, string pastName, string presentName, NodeMetadata meta, ModelDimensions dims)
    {
        var graphDims = meta.Dimensions;
        var pattern = KvLayoutQuirks.Pattern(dims.ModelType, graphDims.Length, pastName)
            ?? throw new InvalidDataException(
                $"The ONNX graph '{file}' has past input '{pastName}' of rank {graphDims.Length} {Shape(meta)}, which matches no known KV layout.");
        var roles = pattern.Split(',');
        var fixedDims = new long[roles.Length];
        int batchAxis = -1, sequenceAxis = -1, fold = 1;
        for (var axis = 0; axis < roles.Length; axis++)
        {
            var role = roles[axis];
            switch (role)
            {
                case "B":
                    batchAxis = axis;
                    break;
                case "BH":
                    batchAxis = axis;
                    fold = dims.NumAttentionHeads ?? throw Missing(file, pastName, "num_attention_heads");
                    break;
                case "S":
                    sequenceAxis = axis;
                    break;
                default:
                    fixedDims[axis] = graphDims[axis] > 0 ? graphDims[axis] : role switch
                    {
                        "2" => 2,
                        "H" => dims.NumKeyValueHeads ?? throw Missing(file, pastName, "num_key_value_heads"),
                        "D" => dims.HeadDim ?? throw Missing(file, pastName, "head_dim"),
                        "2D" => 2L * (dims.HeadDim ?? throw Missing(file, pastName, "head_dim")),
                        _ => throw new InvalidOperationException($"unknown KV axis role '{role}'"),
                    };
                    break;
            }
        }

        return new KvSlot(pastName, presentName, new KvTensorLayout(fixedDims, batchAxis, sequenceAxis, fold), meta.ElementDataType);
    }

    private static InvalidDataException Missing(string file, string pastName, string field) =>
        new($"The shape of '{pastName}' in '{file}' is symbolic and config.json/genai_config.json give no {field} to fill it.");

    private static string Shape(NodeMetadata meta)
    {
        var text = new StringBuilder("[");
        for (var i = 0; i < meta.Dimensions.Length; i++)
        {
            if (i > 0)
            {
                text.Append(", ");
            }

            var symbolic = meta.SymbolicDimensions.Length > i ? meta.SymbolicDimensions[i] : null;
            text.Append(meta.Dimensions[i] > 0 ? meta.Dimensions[i].ToString(CultureInfo.InvariantCulture) : string.IsNullOrEmpty(symbolic) ? "?" : symbolic);
        }

        return text.Append(']').ToString();
    }
}
