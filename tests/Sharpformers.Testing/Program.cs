using Sharpformers.Testing.Cli;

var parse = GenerateCommand.Create().Parse(args);
if (parse.Errors.Count > 0)
{
    Console.Error.WriteLine($"error: {parse.Errors[0].Message}");
    return 2;
}

return await parse.InvokeAsync();
