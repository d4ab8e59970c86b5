using System.Buffers;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Sharpformers.Models;

/// <summary>
/// A transformer encoder (BERT, DistilBERT, RoBERTa/XLM-R, MPNet, DeBERTa-v2/v3, ModernBERT, ELECTRA, ALBERT...) on ONNX Runtime,
/// loaded by <see cref="AutoModel"/> or one of the <c>AutoModelFor...</c> classes. The inputs it takes (optional
/// <c>token_type_ids</c>, int32 or int64 ids) and the head's output (float or float16) are read from the graph. It holds no
/// per-call state: one model serves concurrent callers.
/// </summary>
public sealed class EncoderModel : IDisposable
{
    private readonly EncoderGraph graph;
    private readonly string[] inputNames;
    private readonly string[] outputNames;
    private bool disposed;

    internal EncoderModel(PretrainedConfig config, string modelDirectory, string file, EncoderGraph graph)
    {
        Config = config;
        ModelDirectory = modelDirectory;
        FilePath = file;
        this.graph = graph;
        inputNames = Array.ConvertAll(graph.Inputs, i => i.Name);
        outputNames = Array.ConvertAll(graph.Outputs, o => o.Name);
        var maxPositions = EncoderFamilies.MaxPositions(config);
        MaxSequenceLength = graph.FixedSequenceLength is int fixedLength
            ? Math.Min(fixedLength, maxPositions ?? int.MaxValue)
            : maxPositions;
        Labels = graph.Head is EncoderHead.SequenceClassification or EncoderHead.TokenClassification
            ? EncoderLabels.From(config, graph.Outputs[0].LastDimension)
            : null;
    }

    /// <summary>The model's <c>config.json</c>.</summary>
    public PretrainedConfig Config { get; }

    /// <summary>The local folder the model was loaded from.</summary>
    public string ModelDirectory { get; }

    /// <summary>The ONNX file that was loaded.</summary>
    public string FilePath { get; }

    /// <summary>The head the model was loaded with.</summary>
    public EncoderHead Head => graph.Head;

    /// <summary>
    /// The longest input (in tokens, special tokens included) the model accepts: <c>max_position_embeddings</c> less the
    /// positions RoBERTa-style families reserve, or the graph's fixed length; <see langword="null"/> when neither says.
    /// </summary>
    public int? MaxSequenceLength { get; }

    /// <summary><c>vocab_size</c> of config.json: ids at or above it are rejected before they reach ONNX Runtime.</summary>
    public int? VocabSize => Config.VocabSize;

    /// <summary>Whether the graph takes <c>token_type_ids</c> (BERT, ALBERT, ELECTRA; not DistilBERT, RoBERTa, ModernBERT).</summary>
    public bool TakesTokenTypeIds => Array.Exists(graph.Inputs, i => i.Kind == EncoderInputKind.TokenTypeIds);

    /// <summary>The size of the head's last axis when the graph fixes it (hidden size, labels or vocabulary).</summary>
    public int? OutputSize => graph.Outputs[0].LastDimension ?? (graph.Head == EncoderHead.None ? Config.HiddenSize : null);

    /// <summary>The label names of a classification head (<c>id2label</c>), or <see langword="null"/> for other heads.</summary>
    public EncoderLabels? Labels { get; }

    /// <summary>
    /// Runs a right- or left-padded batch. The output's sequence axis is the input's (or the graph's fixed length).
    /// </summary>
    /// <param name="inputIds">Token ids, <c>[batchSize × sequence]</c> row-major.</param>
    /// <param name="attentionMask">1 for real tokens, 0 for padding, same shape.</param>
    /// <param name="tokenTypeIds">Segment ids, same shape, or empty for zeros (ignored by graphs without <c>token_type_ids</c>).</param>
    /// <param name="batchSize">Rows.</param>
    /// <param name="cancellationToken">Terminates the run.</param>
    /// <returns>The head's output, which the caller disposes.</returns>
    /// <exception cref="ArgumentException">Shapes disagree, the sequence is longer than <see cref="MaxSequenceLength"/>, or an id is outside the vocabulary.</exception>
    public EncoderOutput Run(ReadOnlySpan<long> inputIds, ReadOnlySpan<long> attentionMask, ReadOnlySpan<long> tokenTypeIds, int batchSize, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        cancellationToken.ThrowIfCancellationRequested();
        if (batchSize <= 0 || inputIds.IsEmpty || inputIds.Length % batchSize != 0)
        {
            throw new ArgumentException($"inputIds has {inputIds.Length} ids, which is not a positive multiple of the batch size {batchSize}.", nameof(inputIds));
        }

        var length = inputIds.Length / batchSize;
        if (attentionMask.Length != inputIds.Length)
        {
            throw new ArgumentException($"attentionMask has {attentionMask.Length} values for {inputIds.Length} ids.", nameof(attentionMask));
        }

        if (!tokenTypeIds.IsEmpty && tokenTypeIds.Length != inputIds.Length)
        {
            throw new ArgumentException($"tokenTypeIds has {tokenTypeIds.Length} values for {inputIds.Length} ids.", nameof(tokenTypeIds));
        }

        if (MaxSequenceLength is int max && length > max)
        {
            throw new ArgumentException(
                $"The input has {length} tokens per row; the model '{ModelDirectory}' accepts at most {max} (truncate the input).", nameof(inputIds));
        }

        CheckVocabulary(inputIds);
        var fed = graph.FixedSequenceLength ?? length;
        var values = new OrtValue[graph.Inputs.Length];
        var rented = new List<Array>(values.Length);
        try
        {
            long[] shape = [batchSize, fed];
            for (var i = 0; i < values.Length; i++)
            {
                var input = graph.Inputs[i];
                values[i] = Tensor(input, shape, batchSize, length, fed, input.Kind switch
                {
                    EncoderInputKind.InputIds => inputIds,
                    EncoderInputKind.AttentionMask => attentionMask,
                    EncoderInputKind.TokenTypeIds => tokenTypeIds,
                    _ => [],
                }, rented);
            }

            using var runOptions = new RunOptions();
            using var registration = cancellationToken.CanBeCanceled
                ? cancellationToken.UnsafeRegister(static state => ((RunOptions)state!).Terminate = true, runOptions)
                : default;
            try
            {
                return new EncoderOutput(graph.Session.Run(runOptions, inputNames, values, outputNames), batchSize, fed);
            }
            catch (OnnxRuntimeException) when (cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException(cancellationToken);
            }
        }
        finally
        {
            foreach (var value in values)
            {
                value?.Dispose();
            }

            foreach (var array in rented)
            {
                if (array is long[] longs)
                {
                    ArrayPool<long>.Shared.Return(longs);
                }
                else
                {
                    ArrayPool<int>.Shared.Return((int[])array);
                }
            }
        }
    }

    /// <summary>Releases the ONNX Runtime session.</summary>
    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        graph.Dispose();
    }

    private void CheckVocabulary(ReadOnlySpan<long> inputIds)
    {
        if (VocabSize is not int vocab)
        {
            return;
        }

        for (var i = 0; i < inputIds.Length; i++)
        {
            var id = inputIds[i];
            if ((ulong)id >= (ulong)vocab)
            {
                throw new ArgumentException(
                    $"Token id {id} is outside the model's vocabulary of {vocab} (vocab_size in {Config.SourcePath ?? "config.json"}): " +
                    "the tokenizer does not belong to this model.", nameof(inputIds));
            }
        }
    }

    /// <summary>Copies (or narrows to int32) one input into a pooled array, padding rows to the graph's fixed length, and wraps it.</summary>
    private static OrtValue Tensor(EncoderInput input, long[] shape, int batch, int length, int fed, ReadOnlySpan<long> source, List<Array> rented)
    {
        var count = batch * fed;
        if (input.ElementType == TensorElementType.Int64)
        {
            var buffer = ArrayPool<long>.Shared.Rent(count);
            rented.Add(buffer);
            Fill(buffer.AsSpan(0, count), input.Kind, batch, length, fed, source);
            return OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, buffer.AsMemory(0, count), shape);
        }

        var wide = ArrayPool<long>.Shared.Rent(count);
        var narrow = ArrayPool<int>.Shared.Rent(count);
        rented.Add(wide);
        rented.Add(narrow);
        Fill(wide.AsSpan(0, count), input.Kind, batch, length, fed, source);
        for (var i = 0; i < count; i++)
        {
            narrow[i] = checked((int)wide[i]);
        }

        return OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, narrow.AsMemory(0, count), shape);
    }

    private static void Fill(Span<long> target, EncoderInputKind kind, int batch, int length, int fed, ReadOnlySpan<long> source)
    {
        target.Clear();
        for (var row = 0; row < batch; row++)
        {
            var destination = target.Slice(row * fed, length);
            if (kind == EncoderInputKind.PositionIds)
            {
                for (var p = 0; p < length; p++)
                {
                    destination[p] = p;
                }
            }
            else if (!source.IsEmpty)
            {
                source.Slice(row * length, length).CopyTo(destination);
            }
        }
    }
}
