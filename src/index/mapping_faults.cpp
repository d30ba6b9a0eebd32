#include "index/mapping_faults.h"

#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>

namespace presser::index {
namespace {

// One watched mapping. `begin` is 0 for a free slot; the handler reads the slots without a lock, so each
// field is atomic and a slot is filled (end, then begin) or emptied (begin first) in an order it tolerates.
struct Slot {
    std::atomic<std::uintptr_t> begin{0};
    std::atomic<std::uintptr_t> end{0};
    std::atomic<bool> faulted{false};
};

std::array<Slot, kWatchedMappings> slots;
std::atomic<std::size_t> faulted_count{0};
std::mutex paths_mutex;  // guards paths; never taken by the handler
std::array<std::string, kWatchedMappings> paths;
std::string first_faulted;  // guarded by paths_mutex
struct sigaction previous_action {};
std::uintptr_t page_size = 4096;
std::once_flag installed;

void on_sigbus(int signal, siginfo_t* info, void* context) {
    const auto address = reinterpret_cast<std::uintptr_t>(info->si_addr);
    // A fault has a positive code (BUS_ADRERR...); a SIGBUS sent by kill() or raise() has none and no address.
    const bool fault = info->si_code > 0;
    for (auto& slot : slots) {
        if (!fault) break;  // nothing was read: no page to supply
        const auto begin = slot.begin.load(std::memory_order_acquire);
        if (begin == 0 || address < begin || address >= slot.end.load(std::memory_order_acquire)) continue;
        void* page = reinterpret_cast<void*>(address & ~(page_size - 1));
        if (mmap(page, page_size, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == MAP_FAILED) break;
        if (!slot.faulted.exchange(true)) faulted_count.fetch_add(1);
        return;
    }
    // Not a watched file: what would have happened without us.
    if (previous_action.sa_flags & SA_SIGINFO) {
        if (previous_action.sa_sigaction != nullptr) return previous_action.sa_sigaction(signal, info, context);
    } else if (previous_action.sa_handler != SIG_DFL && previous_action.sa_handler != SIG_IGN && previous_action.sa_handler != nullptr) {
        return previous_action.sa_handler(signal);
    }
    ::signal(SIGBUS, SIG_DFL);  // returning re-runs the faulting read, which now kills the process
    if (!fault) ::raise(signal);  // a sent signal is not re-run by returning: send it again, delivered on return
}

void install_handler() {
    page_size = static_cast<std::uintptr_t>(sysconf(_SC_PAGESIZE));
    struct sigaction action {};
    action.sa_sigaction = on_sigbus;
    action.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigemptyset(&action.sa_mask);
    sigaction(SIGBUS, &action, &previous_action);
}

}  // namespace

void watch_mapping(const char* data, std::size_t size, const std::filesystem::path& path) {
    if (data == nullptr || size == 0) return;
    std::call_once(installed, install_handler);
    std::lock_guard lock(paths_mutex);
    for (std::size_t i = 0; i < slots.size(); ++i) {
        if (slots[i].begin.load(std::memory_order_relaxed) != 0) continue;
        paths[i] = path.string();
        slots[i].faulted.store(false);
        slots[i].end.store(reinterpret_cast<std::uintptr_t>(data) + size, std::memory_order_release);
        slots[i].begin.store(reinterpret_cast<std::uintptr_t>(data), std::memory_order_release);
        return;
    }
}

void forget_mapping(const char* data) {
    if (data == nullptr) return;
    std::lock_guard lock(paths_mutex);
    for (auto& slot : slots) {
        if (slot.begin.load(std::memory_order_relaxed) != reinterpret_cast<std::uintptr_t>(data)) continue;
        slot.begin.store(0, std::memory_order_release);
        if (slot.faulted.exchange(false)) {
            faulted_count.fetch_sub(1);
            if (first_faulted.empty()) first_faulted = paths[static_cast<std::size_t>(&slot - slots.data())];
        }
        return;
    }
}

std::optional<std::filesystem::path> faulted_mapping() {
    if (faulted_count.load() == 0) return std::nullopt;
    std::lock_guard lock(paths_mutex);
    for (std::size_t i = 0; i < slots.size(); ++i) {
        if (slots[i].begin.load() == 0 || !slots[i].faulted.load()) continue;
        if (first_faulted.empty()) first_faulted = paths[i];
        return std::filesystem::path(paths[i]);
    }
    return std::nullopt;
}

std::optional<std::filesystem::path> first_faulted_mapping() {
    if (auto live = faulted_mapping()) return live;
    std::lock_guard lock(paths_mutex);
    if (first_faulted.empty()) return std::nullopt;
    return std::filesystem::path(first_faulted);
}

}  // namespace presser::index
