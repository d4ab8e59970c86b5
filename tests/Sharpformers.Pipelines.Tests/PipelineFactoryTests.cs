namespace Sharpformers.Pipelines.Tests;

public sealed class PipelineFactoryTests
{
    [Fact]
    public void Unknown_task_lists_the_supported_tasks()
    {
        var error = Assert.Throws<ArgumentException>(() => Pipeline.Create("summarization", "org/model"));
        Assert.Contains("unknown task 'summarization'", error.Message, StringComparison.Ordinal);
        Assert.Contains("text-generation", error.Message, StringComparison.Ordinal);
        Assert.Contains("text-generation", Pipeline.SupportedTasks);
    }

    [Fact]
    public async Task Create_by_task_name_returns_a_text_generation_pipeline_over_a_local_folder()
    {
        using var pipeline = await Pipeline.CreateAsync("text-generation", FixtureModels.Gpt2Folder, cancellationToken: TestContext.Current.CancellationToken);
        var typed = Assert.IsType<TextGenerationPipeline>(pipeline);
        Assert.Equal("text-generation", typed.Task);
        Assert.Equal(FixtureModels.Gpt2Folder, typed.ModelId);
    }

    [Fact]
    public void Missing_folder_that_is_not_a_repo_id_is_a_clear_error()
    {
        var error = Assert.ThrowsAny<Exception>(() => Pipeline.CreateTextGeneration("/no/such/folder/anywhere"));
        Assert.Contains("/no/such/folder/anywhere", error.Message, StringComparison.Ordinal);
    }
}
