namespace Frugal.Server.Batching;

/// <summary>Wakes the coordinator before its next tick (a job was created or cancelled).</summary>
public sealed class BatchCoordinatorSignal
{
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Woken => Volatile.Read(ref _wake).Task;

    public void Wake() => Volatile.Read(ref _wake).TrySetResult();

    /// <summary>Arms the next wake-up (the coordinator calls this before it looks at the jobs).</summary>
    public void Reset()
    {
        if (_wake.Task.IsCompleted)
        {
            Volatile.Write(ref _wake, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        }
    }
}
