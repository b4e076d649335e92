namespace Frugal.MockUpstream;

/// <summary>Fixed-size ring of the most recent requests; a lock is fine at mock request rates.</summary>
internal sealed class RequestRecorder
{
    public const int Capacity = 200;

    private readonly RecordedRequest[] _ring = new RecordedRequest[Capacity];
    private readonly Lock _gate = new();
    private int _next;
    private int _count;

    public void Add(RecordedRequest request)
    {
        lock (_gate)
        {
            _ring[_next] = request;
            _next = (_next + 1) % Capacity;
            if (_count < Capacity)
            {
                _count++;
            }
        }
    }

    /// <summary>The newest <paramref name="last"/> requests, oldest first.</summary>
    public IReadOnlyList<RecordedRequest> Snapshot(int last = Capacity)
    {
        lock (_gate)
        {
            var take = Math.Clamp(last, 0, _count);
            var result = new RecordedRequest[take];
            var start = (_next - take + Capacity) % Capacity;
            for (var i = 0; i < take; i++)
            {
                result[i] = _ring[(start + i) % Capacity];
            }

            return result;
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            Array.Clear(_ring);
            _next = 0;
            _count = 0;
        }
    }
}
