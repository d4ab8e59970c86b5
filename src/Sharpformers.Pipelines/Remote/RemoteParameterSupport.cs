namespace Sharpformers.Pipelines;

/// <summary>Refuses generation parameters a remote protocol has no field for, so none is dropped silently.</summary>
internal static class RemoteParameterSupport
{
    /// <summary>Parameters with no counterpart in any remote protocol (they need the local decoding loop).</summary>
    public static void RefuseLocalOnly(TextGenerationParameters parameters, string protocol)
    {
        Refuse(parameters.MinNewTokens is not null, "min_new_tokens", protocol);
        Refuse(parameters.MinP is not null, "min_p", protocol);
        Refuse(parameters.NoRepeatNgramSize is not null, "no_repeat_ngram_size", protocol);
        Refuse(parameters.NumBeams is > 1, "num_beams", protocol);
        Refuse(parameters.LengthPenalty is not null, "length_penalty", protocol);
        Refuse(parameters.Tools is { Count: > 0 }, "tools", protocol);
        Refuse(parameters.Constraint is not null, "constraint", protocol);
    }

    /// <summary>Throws <see cref="NotSupportedException"/> naming <paramref name="name"/> when <paramref name="isSet"/>.</summary>
    public static void Refuse(bool isSet, string name, string protocol)
    {
        if (isSet)
        {
            throw new NotSupportedException($"{name} is not supported by the remote {protocol} protocol; leave it unset or use a local model");
        }
    }
}
