using Sharpformers.TestSupport;

namespace Sharpformers.Cli.Tests.Serving;

/// <summary>
/// One <c>serve</c> process over <see cref="HostileModelFolder"/>, shared by the tests of a class. Without the fixtures
/// nothing starts, and each test that reaches for <see cref="Server"/> reports itself skipped (a class fixture that threw
/// would fail every test instead).
/// </summary>
public sealed class HardenedServer : IAsyncLifetime
{
    private HostileModelFolder? _folder;
    private ServeProcess? _server;

    /// <summary>The running server; skips the calling test when the fixtures are absent.</summary>
    public ServeProcess Server
    {
        get
        {
            Fixtures.Require(HostileModelFolder.SourceFixture);
            return _server!;
        }
    }

    public string ModelName => "tiny-hostile-llama";

    public async ValueTask InitializeAsync()
    {
        if (!HostileModelFolder.IsAvailable)
        {
            return;
        }

        _folder = new HostileModelFolder();
        _server = await ServeProcess.StartAsync(_folder.Path, []);
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _folder?.Dispose();
    }
}
