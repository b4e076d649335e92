namespace Frugal.Server;

/// <summary>
/// The gateway cannot start for a reason the operator can fix (port in use, data directory not
/// writable, certificate unreadable). <see cref="Exception.Message"/> is one line that names the
/// thing and what to do; the CLI prints it without a stack trace and exits non-zero.
/// </summary>
public sealed class GatewayStartupException(string message, Exception? innerException = null)
    : Exception(message, innerException);
