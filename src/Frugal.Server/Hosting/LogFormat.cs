namespace Frugal.Server.Hosting;

/// <summary>Console log format: one line of text, or one JSON object per line (the in-box JSON console formatter).</summary>
public enum LogFormat
{
    Text,
    Json,
}
