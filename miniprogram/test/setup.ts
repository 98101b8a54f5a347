// The app reads process.env.TARO_ENV (replaced at build time); tests run as the h5 build unless they say otherwise.
process.env.TARO_ENV = 'h5';
