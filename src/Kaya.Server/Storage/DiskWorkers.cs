namespace Kaya.Server.Storage;

/// <summary>
/// Dedicated threads for the file-system calls that block (fdatasync, folder fsync, creating 256
/// folders, and every upload write: a 1 MiB write around the page cache waits for the disk, and
/// RandomAccess.WriteAsync on Linux is the same blocking pwrite, only on a thread-pool thread), so
/// they never hold the pool that Kestrel's connections run on. Each call is one hop: queue, run,
/// complete the awaiting task. One set per server, disposed with it.
/// </summary>
internal sealed class DiskWorkers : IDisposable
{
    /// <summary>
    /// 16 threads: restic opens 5 connections per client (rest.connections) and a few hosts may push
    /// at once; concurrent fsyncs also let the filesystem journal commit them as one group.
    /// </summary>
    public const int DefaultThreads = 16;

    // A plain queue under a monitor: an idle worker sleeps in Monitor.Wait. (BlockingCollection's
    // semaphore spins with sched_yield before it sleeps: 13% of the server's CPU on small uploads.)
    private readonly Queue<IWorkItem> _queue = new();
    private readonly Thread[] _threads;
    private bool _completed;

    public DiskWorkers(int threads)
    {
        _threads = new Thread[threads];
        for (var i = 0; i < threads; i++)
        {
            _threads[i] = new Thread(Run) { IsBackground = true, Name = $"kaya-disk-{i}" };
            _threads[i].Start();
        }
    }

    public Task<T> RunAsync<T, TState>(Func<TState, T> work, TState state, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var item = new WorkItem<T, TState>(work, state);
        lock (_queue)
        {
            ObjectDisposedException.ThrowIf(_completed, this);
            _queue.Enqueue(item);
            Monitor.Pulse(_queue);
        }
        return item.Task;
    }

    private void Run()
    {
        while (true)
        {
            IWorkItem item;
            lock (_queue)
            {
                while (_queue.Count == 0)
                {
                    if (_completed) return;
                    Monitor.Wait(_queue);
                }
                item = _queue.Dequeue();
            }
            item.Execute();
        }
    }

    /// <summary>Queued work still runs; then the workers end.</summary>
    public void Dispose()
    {
        lock (_queue)
        {
            _completed = true;
            Monitor.PulseAll(_queue);
        }
    }

    private interface IWorkItem
    {
        void Execute();
    }

    private sealed class WorkItem<T, TState>(Func<TState, T> work, TState state)
        : TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously), IWorkItem
    {
        public void Execute()
        {
            try { SetResult(work(state)); }
            catch (Exception e) { SetException(e); }
        }
    }
}
