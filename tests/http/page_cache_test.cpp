// The OGC items page cache: a page handed out stays valid while other requests (other Host
// headers) fill the cache past its bound and empty it. Run under ASan (tools/test.sh), a page that
// was freed under its reader is a heap-use-after-free report, not a lucky pass.
#include "http/page_cache.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "support/test_server.hpp"

namespace eoc::http::page_cache_test {
namespace {

TEST(PageCache, APageFoundStaysValidWhileOtherHostsOverflowTheCache) {
  PageCache cache(256);
  const std::string body(4096, 'x');
  cache.insert("shelters|http://a", body);
  auto page = cache.find("shelters|http://a");
  ASSERT_TRUE(page);
  // More than 256 distinct Host headers: the cache empties itself to stay bounded.
  for (int i = 0; i < 300; ++i) cache.insert("shelters|http://host-" + std::to_string(i), std::string(64, 'y'));
  EXPECT_FALSE(cache.find("shelters|http://a")) << "the bound emptied the cache";
  EXPECT_EQ(*page, body);  // the reader's page is still whole
}

TEST(PageCache, ReadersAndInsertersOnManyThreadsNeverSeeATornPage) {
  PageCache cache(16);
  const std::string body(8192, 'p');
  cache.insert("k", body);
  std::atomic<bool> stop{false};
  std::atomic<int> torn{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 4; ++t)
    readers.emplace_back([&] {
      while (!stop) {
        auto page = cache.find("k");
        if (page && *page != body) ++torn;
      }
    });
  std::thread inserter([&] {
    for (int i = 0; i < 4000; ++i) {
      cache.insert("other-" + std::to_string(i), "z");
      if (i % 8 == 0) cache.insert("k", body);  // back after each emptying
    }
    stop = true;
  });
  inserter.join();
  for (auto& r : readers) r.join();
  EXPECT_EQ(torn.load(), 0);
}

// The scenario of the report, over HTTP: one client reads the cached default page of a layer while
// another sends more distinct Host headers than the cache holds. Every read is the whole page.
TEST(PageCache, ReadingACachedPageWhileManyHostsArriveAlwaysAnswersTheWholePage) {
  testing::TestServer server;
  auto reference = server.client().Get("/collections/shelters/items");
  ASSERT_TRUE(reference && reference->status == 200);
  std::atomic<bool> done{false};
  std::atomic<int> bad{0}, reads{0};
  std::thread reader([&] {
    auto cli = server.client();
    while (!done) {
      auto r = cli.Get("/collections/shelters/items");
      ++reads;
      if (!r || r->status != 200 || r->body != reference->body) ++bad;
    }
  });
  {
    auto cli = server.client();
    for (int i = 0; i < 600; ++i) {
      auto r = cli.Get("/collections/shelters/items", {{"Host", "host-" + std::to_string(i) + ".example"}});
      EXPECT_TRUE(r && r->status == 200);
    }
  }
  done = true;
  reader.join();
  EXPECT_GT(reads.load(), 0);
  EXPECT_EQ(bad.load(), 0);
}

}  // namespace
}  // namespace eoc::http::page_cache_test
