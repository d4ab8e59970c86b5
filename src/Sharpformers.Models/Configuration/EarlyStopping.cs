using System.Text.Json.Serialization;

namespace Sharpformers.Models;

/// <summary>When beam search stops, as transformers' <c>early_stopping</c> (<c>False</c>, <c>True</c> or <c>"never"</c>).</summary>
[JsonConverter(typeof(EarlyStoppingJsonConverter))]
public enum EarlyStopping
{
    /// <summary><c>early_stopping=False</c>: stop when the best finished score cannot be beaten under a heuristic (the default).</summary>
    Heuristic,

    /// <summary><c>early_stopping=True</c>: stop as soon as <c>num_beams</c> hypotheses are finished.</summary>
    AsSoonAsPossible,

    /// <summary><c>early_stopping="never"</c>: stop only when no better hypothesis is possible (canonical beam search).</summary>
    Never,
}
