using static Sharpformers.Models.Tests.Layouts.OnnxGraphBuilder;

namespace Sharpformers.Models.Tests.Layouts;

/// <summary>
/// A one-layer decoder whose logits are simple, hand-computable functions of everything in its cache, so any cache bug shows:
/// <c>logits[b, j, v] = Σ cached ids + ¼ Σ cached values + 1000 · Σ mask + id_j · v + ½ · position_j (+ 10000 on the merged graph's cache branch)</c>,
/// where the cached value of a token is its position (or twice its id when the graph has no position_ids).
/// </summary>
internal static class ToyDecoder
{
    public const int Vocab = 8;

    /// <summary>Writes config.json and the ONNX file(s) of the variant into <paramref name="folder"/>; returns the main file path.</summary>
    public static string Write(string folder, ToyOptions options, string fileSuffix = "", string subFolder = "")
    {
        var config = options.KeyValue
            ? """{"model_type": "gpt_bigcode", "vocab_size": 8, "n_head": 1, "n_embd": 1, "n_layer": 1, "multi_query": true}"""
            : options.Bloom
            ? """{"model_type": "bloom", "vocab_size": 8, "n_head": 2, "hidden_size": 2, "n_layer": 1}"""
            : """{"model_type": "toy", "vocab_size": 8, "num_attention_heads": 1, "num_key_value_heads": 1, "head_dim": 1, "hidden_size": 1, "num_hidden_layers": 1, "eos_token_id": [3, 4]}""";
        File.WriteAllText(Path.Combine(folder, "config.json"), config);
        var directory = Path.Combine(folder, subFolder);
        switch (options.Export)
        {
            case ToyExport.Single:
                var single = Path.Combine(directory, $"model{fileSuffix}.onnx");
                Build(options, takesPast: true, merged: false).Save(single);
                return single;
            case ToyExport.Merged:
                var merged = Path.Combine(directory, $"decoder_model_merged{fileSuffix}.onnx");
                Build(options, takesPast: true, merged: true).Save(merged);
                return merged;
            default:
                Build(options, takesPast: false, merged: false).Save(Path.Combine(directory, $"decoder_model{fileSuffix}.onnx"));
                var withPast = Path.Combine(directory, $"decoder_with_past_model{fileSuffix}.onnx");
                Build(options, takesPast: true, merged: false).Save(withPast);
                return withPast;
        }
    }

    private static OnnxGraphBuilder Build(ToyOptions o, bool takesPast, bool merged)
    {
        var g = new OnnxGraphBuilder();
        g.Input("input_ids", o.IdsType, "batch_size", "sequence_length");
        g.Input("attention_mask", o.IdsType, "batch_size", "total_sequence_length");
        if (o.Positions)
        {
            g.Input("position_ids", o.IdsType, "batch_size", "sequence_length");
        }

        if (o.LogitsToKeep)
        {
            g.Input("num_logits_to_keep", OnnxInt64);
        }

        if (merged)
        {
            g.Input("use_cache_branch", OnnxBool, 1);
        }

        // KV: standard [B, 1, S, 1] concatenated on axis 2, or BLOOM's key [B*H, D, S] (axis 2) and value [B*H, S, D] (axis 1)
        // with H = 2 heads holding the same numbers (so the folded batch axis is really exercised).
        object[] keyDims = o.Bloom ? ["batch_size x num_heads", 1, "past_sequence_length"] : ["batch_size", 1, "past_sequence_length", 1];
        object[] valueDims = o.Bloom ? ["batch_size x num_heads", "past_sequence_length", 1] : ["batch_size", 1, "past_sequence_length", 1];
        object[] presentKeyDims = o.Bloom ? ["batch_size x num_heads", 1, "total"] : ["batch_size", 1, "total", 1];
        object[] presentValueDims = o.Bloom ? ["batch_size x num_heads", "total", 1] : ["batch_size", 1, "total", 1];
        if (takesPast && o.KeyValue)
        {
            g.Input("past_key_values.0.key_value", OnnxFloat, "batch_size", "past_sequence_length", 2);
        }
        else if (takesPast)
        {
            g.Input("past_key_values.0.key", OnnxFloat, keyDims);
            g.Input("past_key_values.0.value", OnnxFloat, valueDims);
        }

        if (o.ExtraInput is not null)
        {
            g.Input(o.ExtraInput, OnnxInt64, "batch_size", "sequence_length");
        }

        g.Int64Constant("axes_key", o.Bloom ? [1] : [1, 3])
            .Int64Constant("axes_value", o.Bloom ? [2] : [1, 3])
            .Int64Constant("axes_last", 2)
            .Int64Constant("axes_first", 0)
            .Int64Constant("axes_one", 1)
            .Int64Constant("axes_kv_sum", o.Bloom || o.KeyValue ? [1, 2] : [1, 2, 3])
            .Int64Constant("shape_b11", 0, 1, 1)
            .Int64Constant("slice_end", long.MaxValue)
            .FloatConstant("vocab_range", 0, 1, 2, 3, 4, 5, 6, 7)
            .FloatConstant("two", 2)
            .FloatConstant("half", 0.5f)
            .FloatConstant("quarter", 0.25f)
            .FloatConstant("thousand", 1000)
            .FloatConstant("marker", 10000);

        g.Node("Cast", ["input_ids"], ["ids_f"], ("to", OnnxFloat));
        if (o.Bloom)
        {
            g.Int64Constant("shape_fold_key", -1, 1, 0).Int64Constant("minus_one", -1).Int64Constant("one", 1).Int64Constant("index_one", 1)
                .Int64Constant("shape_heads", -1, 2, 1);
            g.Node("Unsqueeze", ["ids_f", "axes_one"], ["ids_b1n"]);
            g.Node("Concat", ["ids_b1n", "ids_b1n"], ["ids_b2n"], ("axis", 1L));
            g.Node("Reshape", ["ids_b2n", "shape_fold_key"], ["k_new"]);
            g.Node("Shape", ["input_ids"], ["ids_shape"]);
            g.Node("Gather", ["ids_shape", "index_one"], ["n_vec"], ("axis", 0L));
            g.Node("Concat", ["minus_one", "n_vec", "one"], ["shape_fold_value"], ("axis", 0L));
        }
        else
        {
            g.Node("Unsqueeze", ["ids_f", "axes_key"], ["k_new"]);
        }
        if (o.Positions)
        {
            g.Node("Cast", ["position_ids"], ["v_src"], ("to", OnnxFloat));
        }
        else
        {
            g.Node("Mul", ["ids_f", "two"], ["v_src"]);
        }

        if (o.Bloom)
        {
            g.Node("Unsqueeze", ["v_src", "axes_one"], ["v_b1n"]);
            g.Node("Concat", ["v_b1n", "v_b1n"], ["v_b2n"], ("axis", 1L));
            g.Node("Reshape", ["v_b2n", "shape_fold_value"], ["v_new"]);
        }
        else
        {
            g.Node("Unsqueeze", ["v_src", "axes_value"], ["v_new"]);
        }
        var keyAxis = 2L;
        var valueAxis = o.Bloom ? 1L : 2L;
        if (merged)
        {
            var then = new OnnxGraphBuilder()
                .Node("Concat", ["past_key_values.0.key", "k_new"], ["then_k"], ("axis", keyAxis))
                .Node("Concat", ["past_key_values.0.value", "v_new"], ["then_v"], ("axis", valueAxis))
                .Output("then_k", OnnxFloat, null)
                .Output("then_v", OnnxFloat, null);
            var otherwise = new OnnxGraphBuilder()
                .Node("Identity", ["k_new"], ["else_k"])
                .Node("Identity", ["v_new"], ["else_v"])
                .Output("else_k", OnnxFloat, null)
                .Output("else_v", OnnxFloat, null);
            g.Node("If", ["use_cache_branch"], ["present.0.key", "present.0.value"], ("then_branch", then), ("else_branch", otherwise));
        }
        else if (o.KeyValue)
        {
            // GPT-BigCode (multi-query, transformers < 4.54): one [B, S, 2·D] tensor, key in the first half of the last axis.
            g.Int64Constant("zero1", 0).Int64Constant("one1", 1).Int64Constant("two1", 2);
            g.Node("Unsqueeze", ["ids_f", "axes_last"], ["k_col"]);
            g.Node("Unsqueeze", ["v_src", "axes_last"], ["v_col"]);
            g.Node("Concat", ["k_col", "v_col"], ["kv_new"], ("axis", 2L));
            g.Node("Concat", ["past_key_values.0.key_value", "kv_new"], ["present.0.key_value"], ("axis", 1L));
            g.Node("Slice", ["present.0.key_value", "zero1", "one1", "axes_last"], ["present.0.key"]);
            g.Node("Slice", ["present.0.key_value", "one1", "two1", "axes_last"], ["present.0.value"]);
        }
        else if (takesPast)
        {
            g.Node("Concat", ["past_key_values.0.key", "k_new"], ["present.0.key"], ("axis", keyAxis));
            g.Node("Concat", ["past_key_values.0.value", "v_new"], ["present.0.value"], ("axis", valueAxis));
        }
        else
        {
            g.Node("Identity", ["k_new"], ["present.0.key"]);
            g.Node("Identity", ["v_new"], ["present.0.value"]);
        }

        if (o.Bloom)
        {
            // Per folded row [B*2, 1, 1] -> [B, 2, 1] -> sum of the two identical heads, halved.
            g.Node("ReduceSum", ["present.0.key", "axes_kv_sum"], ["sum_k_rows"], ("keepdims", 1L));
            g.Node("Reshape", ["sum_k_rows", "shape_heads"], ["sum_k_heads"]);
            g.Node("ReduceSum", ["sum_k_heads", "axes_one"], ["sum_k2"], ("keepdims", 1L));
            g.Node("Mul", ["sum_k2", "half"], ["sum_k"]);
            g.Node("ReduceSum", ["present.0.value", "axes_kv_sum"], ["sum_v_rows"], ("keepdims", 1L));
            g.Node("Reshape", ["sum_v_rows", "shape_heads"], ["sum_v_heads"]);
            g.Node("ReduceSum", ["sum_v_heads", "axes_one"], ["sum_v2"], ("keepdims", 1L));
            g.Node("Mul", ["sum_v2", "half"], ["sum_v"]);
        }
        else
        {
            g.Node("ReduceSum", ["present.0.key", "axes_kv_sum"], ["sum_k4"], ("keepdims", 1L));
            g.Node("Reshape", ["sum_k4", "shape_b11"], ["sum_k"]);
            g.Node("ReduceSum", ["present.0.value", "axes_kv_sum"], ["sum_v4"], ("keepdims", 1L));
            g.Node("Reshape", ["sum_v4", "shape_b11"], ["sum_v"]);
        }
        g.Node("Mul", ["sum_v", "quarter"], ["term_v"]);
        g.Node("Cast", ["attention_mask"], ["mask_f"], ("to", OnnxFloat));
        g.Node("ReduceSum", ["mask_f", "axes_one"], ["mask_sum"], ("keepdims", 1L));
        g.Node("Unsqueeze", ["mask_sum", "axes_last"], ["mask_sum3"]);
        g.Node("Mul", ["mask_sum3", "thousand"], ["term_mask"]);
        g.Node("Unsqueeze", ["ids_f", "axes_last"], ["ids3"]);
        g.Node("Mul", ["ids3", "vocab_range"], ["term_ids"]);
        g.Node("Add", ["sum_k", "term_v"], ["acc1"]);
        g.Node("Add", ["acc1", "term_mask"], ["acc2"]);
        g.Node("Add", ["acc2", "term_ids"], ["acc3"]);
        var last = "acc3";
        if (o.Positions)
        {
            g.Node("Unsqueeze", ["v_src", "axes_last"], ["pos3"]);
            g.Node("Mul", ["pos3", "half"], ["term_pos"]);
            g.Node("Add", [last, "term_pos"], ["acc4"]);
            last = "acc4";
        }

        if (merged)
        {
            g.Node("Cast", ["use_cache_branch"], ["branch_f"], ("to", OnnxFloat));
            g.Node("Mul", ["branch_f", "marker"], ["term_branch"]);
            g.Node("Add", [last, "term_branch"], ["acc5"]);
            last = "acc5";
        }

        if (o.LogitsToKeep)
        {
            g.Node("Neg", ["num_logits_to_keep"], ["neg_keep"]);
            g.Node("Unsqueeze", ["neg_keep", "axes_first"], ["slice_start"]);
            g.Node("Slice", [last, "slice_start", "slice_end", "axes_one"], ["logits"]);
        }
        else
        {
            g.Node("Identity", [last], ["logits"]);
        }

        g.Output("logits", OnnxFloat, "batch_size", "kept", Vocab);
        if (o.KeyValue)
        {
            g.Output("present.0.key_value", OnnxFloat, "batch_size", "total", 2);
        }
        else
        {
            g.Output("present.0.key", OnnxFloat, presentKeyDims);
            g.Output("present.0.value", OnnxFloat, presentValueDims);
        }
        return g;
    }
}
