using Frugal.Core.Routing.Learned;

namespace Frugal.Tests.Routing;

/// <summary>The share window survives a restart in a real file, and only for the model that produced it.</summary>
public sealed class RouterShareStoreTests : IDisposable
{
    private static readonly double[] Prior = Enumerable.Range(0, 101).Select(i => i / 100.0).ToArray();

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "frugal-router-share-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public void A_saved_window_is_restored_for_the_same_model()
    {
        var store = new RouterShareStore(_dir);
        var controller = Shifted();

        store.Save("learned/odd name:1", "model-a", controller, DateTimeOffset.UnixEpoch);
        var restored = new StrongShareController(0.3, 200, 0.3, Prior);
        var ok = new RouterShareStore(_dir).TryRestore("learned/odd name:1", "model-a", restored);

        Assert.True(ok);
        Assert.Equal(controller.Threshold, restored.Threshold);
        Assert.True(File.Exists(store.PathOf("learned/odd name:1")));
        Assert.False(File.Exists(store.PathOf("learned/odd name:1") + ".tmp"));
    }

    [Fact]
    public void Another_model_or_route_or_a_damaged_file_is_ignored()
    {
        var store = new RouterShareStore(_dir);
        store.Save("r", "model-a", Shifted(), DateTimeOffset.UnixEpoch);

        var fresh = new StrongShareController(0.3, 200, 0.3, Prior);
        var warm = fresh.Threshold;
        Assert.False(store.TryRestore("r", "model-b", fresh));
        Assert.False(store.TryRestore("other-route", "model-a", fresh));
        File.WriteAllText(store.PathOf("r"), "{ not json");
        Assert.False(store.TryRestore("r", "model-a", fresh));
        Assert.Equal(warm, fresh.Threshold);
    }

    private static StrongShareController Shifted()
    {
        var controller = new StrongShareController(0.3, 200, 0.3, Prior);
        for (var i = 0; i < 500; i++)
        {
            controller.Decide(0.6 + ((i % 40) / 100.0), out _);
        }

        Assert.True(controller.Threshold > 0.6);
        return controller;
    }
}
