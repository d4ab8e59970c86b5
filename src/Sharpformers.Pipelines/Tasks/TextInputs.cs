namespace Sharpformers.Pipelines;

/// <summary>
/// The <c>inputs</c> of a text task's <see cref="IPipeline.RunAsync"/>: one string, or a list of strings; anything else is
/// refused naming the task.
/// </summary>
internal static class TextInputs
{
    /// <summary>Runs <paramref name="one"/> on the string, or on each string of the list in order, one after another.</summary>
    /// <typeparam name="T">One text's result.</typeparam>
    /// <param name="taskName">The task, for the error.</param>
    /// <param name="inputs">A string or an <see cref="IReadOnlyList{T}"/> of strings.</param>
    /// <param name="one">Computes one text's result.</param>
    /// <returns>The string's result, or an array of results in the list's order.</returns>
    public static async Task<object> EachAsync<T>(string taskName, object inputs, Func<string, Task<T>> one)
        where T : notnull
    {
        switch (inputs)
        {
            case string text:
                return await one(text).ConfigureAwait(false);
            case IReadOnlyList<string> texts:
                var results = new T[texts.Count];
                for (var i = 0; i < results.Length; i++)
                {
                    results[i] = await one(texts[i]).ConfigureAwait(false);
                }

                return results;
            default:
                throw Unsupported(taskName, inputs);
        }
    }

    /// <summary>The error for <paramref name="inputs"/> that are neither a string nor a list of strings.</summary>
    /// <param name="taskName">The task, named in the message.</param>
    /// <param name="inputs">What was given.</param>
    /// <returns><see cref="ArgumentNullException"/> for <see langword="null"/>, else <see cref="ArgumentException"/> naming the type.</returns>
    public static ArgumentException Unsupported(string taskName, object? inputs) => inputs is null
        ? new ArgumentNullException(nameof(inputs))
        : new ArgumentException($"{taskName} takes a string or a list of strings, not {inputs.GetType().Name}", nameof(inputs));
}
