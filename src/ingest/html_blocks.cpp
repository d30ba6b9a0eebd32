#include "ingest/html_blocks.h"

#include <string_view>

#include "ingest/html_dom.h"
#include "ingest/text_util.h"

namespace presser::ingest::html {
namespace {

std::size_t visible_bytes(std::string_view text) {
    std::size_t count = 0;
    for (std::size_t i = 0; i < text.size();) {
        std::size_t space = text[i] == '\n' ? 1 : horizontal_space_length(text, i);
        if (space) {
            i += space;
            continue;
        }
        ++count;
        ++i;
    }
    return count;
}

std::size_t start_offset(const GumboNode* node) {
    return node->type == GUMBO_NODE_ELEMENT ? node->v.element.start_pos.offset : 0;
}

}  // namespace

StatsMap compute_stats(const GumboNode* root) {
    StatsMap stats;
    struct Frame {
        const GumboNode* node;
        std::size_t next_child;
    };
    std::vector<Frame> stack{{root, 0}};
    stats[root];
    while (!stack.empty()) {
        Frame& frame = stack.back();
        const GumboVector* children = children_of(frame.node);
        if (children && frame.next_child < children->length) {
            const GumboNode* next = child(*children, frame.next_child++);
            if (is_text(next)) {
                if (next->v.text.text) stats[frame.node].text_bytes += visible_bytes(next->v.text.text);
            } else if (next->type == GUMBO_NODE_ELEMENT && !is_invisible(next)) {
                stats[next];
                stack.push_back({next, 0});
            }
            continue;
        }
        const GumboNode* done = frame.node;
        stack.pop_back();
        if (stack.empty()) break;
        const NodeStats mine = stats[done];
        NodeStats& parent = stats[stack.back().node];
        parent.text_bytes += mine.text_bytes;
        parent.has_block = parent.has_block || mine.has_block || is_block(done);
        if (is_element(done, GUMBO_TAG_P)) parent.p_text += mine.text_bytes;
        if (is_block(done) && !mine.has_block) parent.leaf_block_text += mine.text_bytes;
    }
    return stats;
}

// The blocks inside `container`, in document order.
std::vector<BlockSource> collect_blocks(const GumboNode* container, const StatsMap& stats) {
    std::vector<BlockSource> blocks;
    struct Frame {
        const GumboNode* node;
        std::size_t next_child;
        BlockSource run;  // loose inline content gathered among this node's children
    };
    auto flush = [&](BlockSource& run) {
        if (!run.nodes.empty()) blocks.push_back(std::move(run));
        run = {};
    };
    std::vector<Frame> stack;
    stack.push_back({container, 0, {}});
    while (!stack.empty()) {
        Frame& frame = stack.back();
        const GumboVector* children = children_of(frame.node);
        if (!children || frame.next_child >= children->length) {
            flush(frame.run);
            stack.pop_back();
            continue;
        }
        const GumboNode* next = child(*children, frame.next_child++);
        if (next->type == GUMBO_NODE_ELEMENT && is_invisible(next)) continue;
        auto found = stats.find(next);
        bool leaf = found == stats.end() || !found->second.has_block;
        // Inline content joins the run, unless it wraps blocks: an unclosed <b> ends up holding the rest
        // of the page, whose paragraphs are still paragraphs.
        if (!is_block(next) && leaf) {
            frame.run.nodes.push_back(next);
            continue;
        }
        flush(frame.run);
        if (is_paragraph_element(next) || leaf) {
            blocks.push_back({{next}, is_heading(next)});
        } else {
            stack.push_back({next, 0, {}});
        }
    }
    return blocks;
}

std::vector<BlockSource> all_paragraphs(const GumboNode* root) {
    std::vector<BlockSource> blocks;
    std::vector<const GumboNode*> stack{root};
    while (!stack.empty()) {
        const GumboNode* node = stack.back();
        stack.pop_back();
        if (is_invisible(node)) continue;
        if (is_element(node, GUMBO_TAG_P)) {
            blocks.push_back({{node}, false});
            continue;
        }
        if (const GumboVector* children = children_of(node))
            for (std::size_t i = children->length; i > 0; --i) stack.push_back(child(*children, i - 1));
    }
    return blocks;
}

const GumboNode* best_container(const StatsMap& stats, std::size_t NodeStats::*measure) {
    const GumboNode* best = nullptr;
    std::size_t best_text = 0;
    for (const auto& [node, node_stats] : stats) {
        std::size_t text = node_stats.*measure;
        // Ties go to the earlier element so that the choice does not depend on hash order.
        if (text > best_text || (text == best_text && text > 0 && best && start_offset(node) < start_offset(best))) {
            best = node;
            best_text = text;
        }
    }
    return best;
}

}  // namespace presser::ingest::html
