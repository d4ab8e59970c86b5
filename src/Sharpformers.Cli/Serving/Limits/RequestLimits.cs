using Microsoft.AspNetCore.Http;

namespace Sharpformers.Cli.Serving.Limits;

/// <summary>
/// The work one request may ask for, checked before anything is tokenized: the number of prompts (times <c>n</c>) and
/// the characters of each prompt (or of all the messages of a chat). The prompt's tokens against the model's context
/// are checked by generation itself (<c>ContextLengthExceededException</c>, answered as <c>context_length_exceeded</c>).
/// </summary>
internal static class RequestLimits
{
    public static void Check(OpenAiRequest request, ServeOptions options, bool isChat)
    {
        if (isChat)
        {
            long characters = 0;
            foreach (var message in request.Messages())
            {
                characters = checked(characters + message.Text.Length);
            }

            if (characters > options.MaxPromptCharacters)
            {
                throw TooLong("messages", characters, options.MaxPromptCharacters);
            }

            return;
        }

        var prompts = request.Prompts();
        var work = (long)prompts.Count * request.N;
        if (work > options.MaxPrompts)
        {
            throw new BadRequestException(
                $"the request asks for {work} completions (prompts × n); this server answers at most {options.MaxPrompts} per request (serve --max-prompts)",
                "prompt",
                "too_many_prompts");
        }

        for (var i = 0; i < prompts.Count; i++)
        {
            if (prompts[i].Length > options.MaxPromptCharacters)
            {
                throw TooLong(prompts.Count == 1 ? "prompt" : $"prompt[{i}]", prompts[i].Length, options.MaxPromptCharacters);
            }
        }
    }

    private static BadRequestException TooLong(string field, long characters, int limit) => new(
        $"'{field}' holds {characters} characters; this server takes at most {limit} per request (serve --max-prompt-chars)",
        field,
        "prompt_too_long",
        StatusCodes.Status400BadRequest);
}
