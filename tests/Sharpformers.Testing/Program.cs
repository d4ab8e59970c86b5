using Sharpformers.Testing.Cli;

namespace Sharpformers.Testing;

/// <summary>Console entry of the generator (see <see cref="GenerateCommand"/>).</summary>
internal static class GeneratorProgram
{
    private static async Task<int> Main(string[] args)
    {
        var parse = GenerateCommand.Create().Parse(args);
        if (parse.Errors.Count > 0)
        {
            await Console.Error.WriteLineAsync($"error: {parse.Errors[0].Message}");
            return 2;
        }

        return await parse.InvokeAsync();
    }
}
