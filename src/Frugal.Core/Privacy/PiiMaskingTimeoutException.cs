namespace Frugal.Core.Privacy;

/// <summary>Masking one request took longer than <c>privacy.timeoutMs</c>: the request is refused (fail closed).</summary>
public sealed class PiiMaskingTimeoutException : Exception
{
    public PiiMaskingTimeoutException()
        : base("PII masking took longer than its time limit.")
    {
    }

    public PiiMaskingTimeoutException(string message)
        : base(message)
    {
    }

    public PiiMaskingTimeoutException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
