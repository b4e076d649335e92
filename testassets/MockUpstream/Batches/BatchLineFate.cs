namespace Frugal.MockUpstream.Batches;

internal enum BatchLineFate
{
    Answered,
    Expired,
    Cancelled,
}
