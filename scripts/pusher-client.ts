import Pusher from "pusher-js";

/** What the app's channel authorizer answers for one private channel. */
type ChannelAuth = { auth: string };

/**
 * A pusher-js client (its Node build) on a soketi at 127.0.0.1:`port`, for the realtime
 * tests and the benchmark. Private channels are authorized by `authorize` in-process
 * instead of over HTTP; a throw or a rejection refuses the channel.
 */
export function loopbackPusher(key: string, port: number, authorize: (channelName: string, socketId: string) => ChannelAuth | Promise<ChannelAuth>) {
  return new Pusher(key, {
    cluster: "local",
    wsHost: "127.0.0.1",
    wsPort: port,
    forceTLS: false,
    enabledTransports: ["ws"],
    disableStats: true,
    channelAuthorization: {
      endpoint: "/api/pusher/auth",
      transport: "ajax",
      customHandler: ({ channelName, socketId }, callback) => {
        Promise.resolve()
          .then(() => authorize(channelName, socketId))
          .then(
            (auth) => callback(null, auth),
            (error) => callback(error as Error, null),
          );
      },
    },
  });
}
