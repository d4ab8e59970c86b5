namespace Sharpformers.Cli.Tests.Serving;

/// <summary>One <c>serve</c> process over <see cref="HostileModelFolder"/>, shared by the tests of a class.</summary>
public sealed class HardenedServer : IAsyncLifetime
{
    private readonly HostileModelFolder _folder = new();

    public ServeProcess Server { get; private set; } = null!;

    public string ModelName => "tiny-hostile-llama";

    public async ValueTask InitializeAsync() => Server = await ServeProcess.StartAsync(_folder.Path, []);

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        _folder.Dispose();
    }
}
