namespace Frugal.Core.Admission;

/// <summary>The key store refused a new key because an active key already has its name (the unique index caught a race the check before it missed).</summary>
public sealed class KeyNameTakenException : Exception
{
    public KeyNameTakenException()
    {
    }

    public KeyNameTakenException(string message)
        : base(message)
    {
    }

    public KeyNameTakenException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
