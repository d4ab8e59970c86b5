using Sharpformers.Hub;
using Sharpformers.TestSupport;

namespace Sharpformers.Hub.Tests.Configuration;

public sealed class HubSettingsTests : IDisposable
{
    private readonly TemporaryDirectory _home = new();
    private readonly Dictionary<string, string> _env = new(StringComparer.Ordinal);

    public void Dispose() => _home.Dispose();

    private HubSettings Resolve(HubOptions? options = null) =>
        (options ?? new HubOptions()).Resolve(name => _env.TryGetValue(name, out var v) ? v : null);

    [Fact]
    public void Defaults_follow_xdg_cache_home_then_home()
    {
        _env["XDG_CACHE_HOME"] = _home.Combine("xdg");
        var settings = Resolve();

        Assert.Equal(_home.Combine("xdg", "huggingface"), settings.HfHome);
        Assert.Equal(_home.Combine("xdg", "huggingface", "hub"), settings.CacheDir);
        Assert.Equal(_home.Combine("xdg", "huggingface", "token"), settings.TokenPath);
        Assert.Equal("https://huggingface.co", settings.Endpoint);
        Assert.False(settings.Offline);
        Assert.Null(settings.Token);
        Assert.Equal(TimeSpan.FromSeconds(10), settings.EtagTimeout);
    }

    [Fact]
    public void Without_any_variable_the_cache_is_under_the_user_home()
    {
        var settings = Resolve();
        var home = Environment.GetEnvironmentVariable("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        Assert.Equal(Path.Combine(home, ".cache", "huggingface", "hub"), settings.CacheDir);
    }

    [Fact]
    public void Hf_home_moves_cache_and_token_file()
    {
        _env["HF_HOME"] = _home.Combine("hf");
        _env["XDG_CACHE_HOME"] = _home.Combine("ignored");
        var settings = Resolve();

        Assert.Equal(_home.Combine("hf", "hub"), settings.CacheDir);
        Assert.Equal(_home.Combine("hf", "token"), settings.TokenPath);
    }

    [Fact]
    public void Hub_cache_beats_legacy_name_which_beats_hf_home()
    {
        _env["HF_HOME"] = _home.Combine("hf");
        _env["HUGGINGFACE_HUB_CACHE"] = _home.Combine("legacy");
        Assert.Equal(_home.Combine("legacy"), Resolve().CacheDir);

        _env["HF_HUB_CACHE"] = _home.Combine("new");
        Assert.Equal(_home.Combine("new"), Resolve().CacheDir);
    }

    [Fact]
    public void Tilde_and_variables_are_expanded_and_unknown_variables_kept()
    {
        _env["MY_ROOT"] = _home.Path;
        _env["HF_HOME"] = "${MY_ROOT}/a/$MY_ROOT_MISSING/b";
        Assert.Equal(_home.Path + "/a/$MY_ROOT_MISSING/b", Resolve().HfHome);

        var home = Environment.GetEnvironmentVariable("HOME")!;
        _env["HF_HOME"] = "~/hfhome";
        Assert.Equal(home + "/hfhome", Resolve().HfHome);
    }

    [Fact]
    public void Token_precedence_is_code_then_env_then_legacy_env_then_file()
    {
        _env["HF_HOME"] = _home.Path;
        File.WriteAllText(_home.Combine("token"), "  hf_file\r\n");
        var fromFile = Resolve();
        Assert.Equal("hf_file", fromFile.Token);
        Assert.Equal(TokenSource.TokenFile, fromFile.TokenSource);

        _env["HUGGING_FACE_HUB_TOKEN"] = "hf_legacy";
        Assert.Equal("hf_legacy", Resolve().Token);

        _env["HF_TOKEN"] = "hf_env";
        var fromEnv = Resolve();
        Assert.Equal("hf_env", fromEnv.Token);
        Assert.Equal(TokenSource.Environment, fromEnv.TokenSource);

        var fromCode = Resolve(new HubOptions { Token = "hf_code" });
        Assert.Equal("hf_code", fromCode.Token);
        Assert.Equal(TokenSource.Options, fromCode.TokenSource);
    }

    [Fact]
    public void Token_path_variable_and_empty_token_file()
    {
        _env["HF_TOKEN_PATH"] = _home.Combine("elsewhere");
        File.WriteAllText(_home.Combine("elsewhere"), " \n ");
        var settings = Resolve();
        Assert.Equal(_home.Combine("elsewhere"), settings.TokenPath);
        Assert.Null(settings.Token);
        Assert.Equal(TokenSource.None, settings.TokenSource);
    }

    [Fact]
    public void Implicit_token_is_not_sent_when_disabled_but_explicit_one_is()
    {
        _env["HF_TOKEN"] = "hf_env";
        _env["HF_HUB_DISABLE_IMPLICIT_TOKEN"] = "1";
        Assert.Null(Resolve().TokenToSend);
        Assert.Equal("hf_code", Resolve(new HubOptions { Token = "hf_code" }).TokenToSend);
    }

    [Theory]
    [InlineData("1", true)]
    [InlineData("ON", true)]
    [InlineData("yes", true)]
    [InlineData("True", true)]
    [InlineData("0", false)]
    [InlineData("false", false)]
    [InlineData("y", false)]
    public void Offline_accepts_huggingface_hub_spellings(string value, bool expected)
    {
        _env["HF_HUB_OFFLINE"] = value;
        Assert.Equal(expected, Resolve().Offline);
    }

    [Fact]
    public void Transformers_offline_is_the_fallback_and_code_wins()
    {
        _env["TRANSFORMERS_OFFLINE"] = "1";
        Assert.True(Resolve().Offline);
        _env["HF_HUB_OFFLINE"] = "0";
        Assert.False(Resolve().Offline);
        Assert.True(Resolve(new HubOptions { Offline = true }).Offline);
    }

    [Fact]
    public void Endpoint_from_env_loses_trailing_slash_and_code_wins()
    {
        _env["HF_ENDPOINT"] = "http://127.0.0.1:5000/";
        Assert.Equal("http://127.0.0.1:5000", Resolve().Endpoint);
        Assert.Equal("http://mirror.local", Resolve(new HubOptions { Endpoint = "http://mirror.local/" }).Endpoint);
    }

    [Fact]
    public void Etag_timeout_from_env_beats_code_and_bad_value_names_the_variable()
    {
        _env["HF_HUB_ETAG_TIMEOUT"] = "2.5";
        Assert.Equal(TimeSpan.FromSeconds(2.5), Resolve(new HubOptions { EtagTimeout = TimeSpan.FromSeconds(30) }).EtagTimeout);

        _env["HF_HUB_DOWNLOAD_TIMEOUT"] = "soon";
        var error = Assert.Throws<ArgumentException>(() => Resolve());
        Assert.Contains("HF_HUB_DOWNLOAD_TIMEOUT", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_never_contains_the_token()
    {
        _env["HF_TOKEN"] = "hf_secret_value";
        var text = Resolve().ToString();
        Assert.DoesNotContain("hf_secret_value", text, StringComparison.Ordinal);
        Assert.Contains("set (Environment)", text, StringComparison.Ordinal);
    }
}
